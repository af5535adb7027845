package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceEvent;
import org.drivercore.api.ProbeResult;
import org.junit.jupiter.api.Test;

/**
 * Probing does not move a device in the list: {@code really_probe()} has had no {@code devices_kset_move_last()} since
 * 722e5f2b1eec ("driver core: Partially revert "driver core: correct device's shutdown order"", Linux 4.18). Before
 * that change drivercore moved the probed device, and a driver that bound late put a parent behind its children.
 */
class ProbeOrderTest extends CoreFixture {

    @Test
    void theDeviceStaysWhereItIsWhenItsProbeRuns() {
        bus("pci");
        List<List<String>> seenInProbe = new ArrayList<>();
        RecordingDriver d = register(driver("d", "pci", "a").always("/a", (dev, ctx) -> {
            seenInProbe.add(paths());
            return ProbeResult.bound();
        }));
        add(on("pci", "/a"));
        add(classDevice("/b"));
        core.unbindDriver(d);
        log.clear();

        core.bindDriver(d);

        assertThat(seenInProbe).containsExactly(List.of("/a"), List.of("/a", "/b"));
        assertThat(log.of(DeviceEvent.Type.MOVED_TO_TAIL, DeviceEvent.Type.PROBING, DeviceEvent.Type.BOUND))
                .containsExactly("PROBING /a", "BOUND /a");
    }

    @Test
    void aDeviceProbedLateKeepsItsPlace() {
        bus("pci");
        add(on("pci", "/a"));
        add(classDevice("/b"));
        add(on("pci", "/c"));

        register(driver("d", "pci", "a"));

        assertThat(paths()).containsExactly("/a", "/b", "/c");
    }

    @Test
    void devicesCreatedByTheProbeAreAppended() {
        bus("pci");
        add(spec("/ctrl").bus("pci")
                .probeChildren(List.of(classDevice("/ctrl/ns1"), spec("/ctrl/ns2").bus("pci").build())).build());
        add(classDevice("/other"));

        register(driver("nvme", "pci", "ctrl"));

        assertThat(paths()).containsExactly("/ctrl", "/other", "/ctrl/ns1", "/ctrl/ns2");
        assertThat(device("/ctrl/ns1").parent().map(Device::path)).contains("/ctrl");
        assertThat(device("/ctrl").children()).extracting(Device::path).containsExactly("/ctrl/ns1", "/ctrl/ns2");
    }

    @Test
    void aChildCreatedByAProbeIsProbedInsideItAndLandsBehindItsCreator() {
        bus("pci");
        register(driver("d", "pci", "ctrl", "ns1"));
        add(spec("/ctrl").bus("pci").probeChildren(List.of(on("pci", "/ctrl/ns1"))).build());

        assertThat(journal()).containsExactly("probe /ctrl by d", "probe /ctrl/ns1 by d");
        assertThat(log.of(DeviceEvent.Type.PROBING, DeviceEvent.Type.BOUND))
                .containsExactly("PROBING /ctrl", "PROBING /ctrl/ns1", "BOUND /ctrl/ns1", "BOUND /ctrl");
        assertThat(paths()).containsExactly("/ctrl", "/ctrl/ns1");
    }

    /**
     * The bug of drivercore before Linux's rule was followed: the parent, probed after its child was added, moved
     * behind it, and a serial shutdown walking the list in reverse shut the parent down first. Linux keeps the parent
     * in front.
     */
    @Test
    void aParentProbedAfterItsChildWasAddedStaysInFrontOfIt() {
        bus("platform");
        add(on("platform", "/soc"));
        add(classDevice("/soc/gpio-leds"));

        register(driver("simple-bus", "platform", "soc"));

        assertThat(paths()).containsExactly("/soc", "/soc/gpio-leds");
    }

    /** The default machine's bug, reproduced small: a bridge driver hot-swapped must not land behind its endpoints. */
    @Test
    void aDriverThatLeavesAndReturnsLeavesTheListAsItWas() {
        bus("pci");
        RecordingDriver port = register(driver("pcieport", "pci", "port"));
        register(driver("nvme", "pci", "ep"));
        add(on("pci", "/port"));
        add(on("pci", "/port/ep"));
        List<String> before = paths();

        core.unbindDriver(port);
        core.bindDriver(port);

        assertThat(paths()).isEqualTo(before);
        assertThat(state("/port")).isEqualTo(org.drivercore.api.DeviceState.BOUND);
    }
}
