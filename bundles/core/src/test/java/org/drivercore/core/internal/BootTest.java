package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceState;
import org.drivercore.api.InitcallLevel;
import org.junit.jupiter.api.Test;

/**
 * A machine loaded as a boot: the devices enumerate with no driver bound, the drivers register by initcall level and
 * bind their bus's devices in add order, async probes land behind the synchronous ones, and deferred probes are
 * retried only at the late phase. With Linux's rules the order of a boot, not the order of a file, makes the list.
 */
class BootTest extends CoreFixture {

    @Test
    void devicesEnumerateFirstThenEachDriverBindsItsDevicesInAddOrderByInitcallLevel() {
        bus("pci");
        register(driver("nvme", "pci", "ep0", "ep1"));
        register(driver("pcieport", "pci", "port").at(InitcallLevel.SUBSYS));

        core.boot(List.of(on("pci", "/port"), on("pci", "/port/ep1"), on("pci", "/port/ep0")), List.of(), false, List.of());

        // pcieport registers first (its level is earlier), though it arrived last; nvme then binds in add order.
        assertThat(journal()).containsExactly("probe /port by pcieport", "probe /port/ep1 by nvme", "probe /port/ep0 by nvme");
        assertThat(paths()).containsExactly("/port", "/port/ep1", "/port/ep0");
    }

    @Test
    void withinALevelTheMachinesDriverOrderDecidesThenArrival() {
        bus("platform");
        register(driver("b", "platform", "x"));
        register(driver("a", "platform", "y"));
        register(driver("c", "platform", "z"));

        core.boot(List.of(on("platform", "/x"), on("platform", "/y"), on("platform", "/z")), List.of(), false,
                List.of("a", "b"));

        assertThat(journal()).containsExactly("probe /y by a", "probe /x by b", "probe /z by c");
    }

    @Test
    void whatAnAsyncProbeCreatesLandsBehindEverythingProbedSynchronously() {
        bus("pci");
        register(driver("nvme", "pci", "nvme-ctrl").async());
        register(driver("ahci", "pci", "sata"));
        core.boot(List.of(spec("/nvme-ctrl").bus("pci").probeChildren(List.of(classDevice("/nvme-ctrl/nvme0"))).build(),
                spec("/sata").bus("pci").probeChildren(List.of(classDevice("/sata/host0"))).build()), List.of(), false,
                List.of("nvme", "ahci"));

        assertThat(journal()).containsExactly("probe /sata by ahci", "probe /nvme-ctrl by nvme");
        assertThat(paths()).containsExactly("/nvme-ctrl", "/sata", "/sata/host0", "/nvme-ctrl/nvme0");
    }

    @Test
    void deferredProbesWaitForTheLatePhaseThenRunFromTheWorkMovingEachToTheTail() {
        bus("platform");
        register(driver("mmc", "platform", "mmc").deferNext("/mmc", 1, "regulator not ready"));
        register(driver("pmic", "platform", "pmic"));
        register(driver("late", "platform", "rtc").at(InitcallLevel.LATE));

        core.boot(List.of(on("platform", "/mmc"), on("platform", "/pmic"), on("platform", "/rtc")), List.of(), false,
                List.of("mmc", "pmic"));

        // pmic's bind comes before the late phase: it does not retry /mmc yet; the late driver binds first.
        assertThat(journal()).containsExactly("probe /mmc by mmc", "probe /pmic by pmic", "probe /rtc by late",
                "probe /mmc by mmc");
        assertThat(state("/mmc")).isEqualTo(DeviceState.BOUND);
        assertThat(paths()).containsExactly("/pmic", "/rtc", "/mmc");
    }

    @Test
    void aConsumerWhoseSupplierBindsLaterIsProbedAgainAtTheLatePhase() {
        bus("platform");
        register(driver("codec", "platform", "codec"));
        register(driver("clk", "platform", "clk").at(InitcallLevel.LATE));

        core.boot(List.of(on("platform", "/codec"), on("platform", "/clk")), List.of(DeviceLink.of("/clk", "/codec")), false,
                List.of());

        assertThat(journal()).containsExactly("probe /clk by clk", "probe /codec by codec");
        assertThat(List.of(state("/clk"), state("/codec"))).containsOnly(DeviceState.BOUND);
        assertThat(paths()).containsExactly("/clk", "/codec");
    }

    @Test
    void afterTheBootADeviceThatIsAddedProbesAtOnce() {
        bus("pci");
        register(driver("d", "pci", "a", "b"));
        core.boot(List.of(on("pci", "/a")), List.of(), false, List.of());
        journal.clear();

        add(on("pci", "/b"));

        assertThat(journal()).containsExactly("probe /b by d");
    }
}
