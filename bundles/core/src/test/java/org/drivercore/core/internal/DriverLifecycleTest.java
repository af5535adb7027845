package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceState;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.LinkState;
import org.junit.jupiter.api.Test;

/** Drivers and bus types coming and going: driver_attach, unbinding, the standby driver of a bundle update. */
class DriverLifecycleTest extends CoreFixture {

    @Test
    void aDriverThatArrivesBindsEveryMatchingDeviceWithoutADriverInAddOrderAndMovesNone() {
        bus("pci");
        register(driver("failing", "pci", "x3").byDefault(RecordingDriver.fail("no")));
        add(on("pci", "/x2"));
        add(on("pci", "/y"));
        add(on("pci", "/x1"));
        add(on("pci", "/x3"));
        add(on("usb", "/x4"));
        journal.clear();

        register(driver("x", "pci", "x1", "x2", "x3", "x4"));

        assertThat(journal()).containsExactly("probe /x2 by x", "probe /x1 by x", "probe /x3 by x");
        assertThat(paths()).containsExactly("/x2", "/y", "/x1", "/x3", "/x4");
        assertThat(state("/y")).isEqualTo(DeviceState.UNBOUND);
        assertThat(state("/x4")).isEqualTo(DeviceState.WAITING_FOR_BUS);
    }

    /** {@code driver_detach()} unbinds from the tail of the driver's own list: reverse bind order, not list order. */
    @Test
    void aDriverThatLeavesUnbindsItsDevicesInReverseBindOrder() {
        bus("pci");
        RecordingDriver d = register(driver("d", "pci", "a", "b", "c"));
        register(driver("other", "pci", "o"));
        add(on("pci", "/a"));
        add(on("pci", "/o"));
        add(on("pci", "/b"));
        add(on("pci", "/c"));
        core.link(DeviceLink.of("/o", "/a", LinkFlag.STATELESS)); // /a moves to the tail
        assertThat(paths()).containsExactly("/o", "/b", "/c", "/a");
        clearRecords();

        core.unbindDriver(d);

        assertThat(journal()).containsExactly("remove /c by d", "remove /b by d", "remove /a by d");
        assertThat(log.of(DeviceEvent.Type.UNBOUND)).containsExactly("UNBOUND /c", "UNBOUND /b", "UNBOUND /a");
        assertThat(List.of(state("/a"), state("/b"), state("/c"))).containsOnly(DeviceState.UNBOUND);
        assertThat(device("/a").driver()).isEmpty();
        assertThat(state("/o")).isEqualTo(DeviceState.BOUND);
        assertThat(core.drivers()).extracting(x -> x.name()).containsExactly("other");
    }

    @Test
    void aDriverThatLeavesRemovesWhatItsProbeCreatedChildrenFirst() {
        bus("pci");
        RecordingDriver nvme = register(driver("nvme", "pci", "nvme0"));
        register(driver("ns", "pci", "nvme0n1", "nvme0n2"));
        add(spec("/nvme0").bus("pci").probeChildren(List.of(
                on("pci", "/nvme0/nvme0n1"), on("pci", "/nvme0/nvme0n2"), classDevice("/nvme0/hwmon0"))).build());
        add(classDevice("/after"));
        assertThat(paths()).containsExactly("/nvme0", "/nvme0/nvme0n1", "/nvme0/nvme0n2", "/nvme0/hwmon0", "/after");
        clearRecords();

        core.unbindDriver(nvme);

        assertThat(log.paths(DeviceEvent.Type.REMOVED)).containsExactly("/nvme0/hwmon0", "/nvme0/nvme0n2", "/nvme0/nvme0n1");
        assertThat(journal()).containsExactly("remove /nvme0/nvme0n2 by ns", "remove /nvme0/nvme0n1 by ns",
                "remove /nvme0 by nvme");
        assertThat(paths()).containsExactly("/nvme0", "/after");
        assertThat(device("/nvme0").children()).isEmpty();
        assertThat(state("/nvme0")).isEqualTo(DeviceState.UNBOUND);
    }

    @Test
    void childrenAddedByOthersStayWhenTheParentsDriverLeaves() {
        bus("pci");
        RecordingDriver d = register(driver("d", "pci", "p"));
        add(on("pci", "/p"));
        add(classDevice("/p/sysfs-added"));

        core.unbindDriver(d);

        assertThat(paths()).containsExactly("/p", "/p/sysfs-added");
    }

    /**
     * A supplier's unbind unbinds its managed consumers first ({@code device_links_unbind_consumers()}); without
     * AUTOPROBE_CONSUMER nothing probes them again when the supplier returns (drivercore re-probed them before it
     * followed Linux).
     */
    @Test
    void aDriverThatLeavesUnbindsManagedConsumersFirstAndTheyStayUnboundWhenItReturns() {
        RecordingDriver pmic = pmicWithConsumers();
        clearRecords();

        core.unbindDriver(pmic);

        assertThat(journal()).containsExactly("remove /mmc by user", "remove /pmic by pmic");
        assertThat(state("/mmc")).isEqualTo(DeviceState.UNBOUND);
        assertThat(device("/mmc").stateReason().orElseThrow()).contains("/pmic");
        assertThat(state("/led")).as("a stateless link leaves the consumer bound").isEqualTo(DeviceState.BOUND);
        assertThat(state("/pmic")).isEqualTo(DeviceState.UNBOUND);
        assertThat(core.links()).extracting(DeviceLink::state).containsExactly(LinkState.DORMANT, LinkState.NONE);
        clearRecords();

        core.bindDriver(pmic);

        assertThat(journal()).containsExactly("probe /pmic by pmic");
        assertThat(state("/mmc")).isEqualTo(DeviceState.UNBOUND);
        assertThat(core.links()).extracting(DeviceLink::state).containsExactly(LinkState.AVAILABLE, LinkState.NONE);
    }

    /** With AUTOPROBE_CONSUMER the consumer is probed again, from the deferred-probe work, once its supplier binds. */
    @Test
    void anAutoprobeConsumerRebindsFromTheDeferredWorkWhenItsSupplierReturns() {
        RecordingDriver pmic = pmicWithConsumers(LinkFlag.AUTOPROBE_CONSUMER);
        assertThat(paths()).containsExactly("/pmic", "/mmc", "/led");
        core.unbindDriver(pmic);
        clearRecords();

        core.bindDriver(pmic);

        assertThat(journal()).containsExactly("probe /pmic by pmic", "probe /mmc by user");
        assertThat(List.of(state("/pmic"), state("/mmc"), state("/led"))).containsOnly(DeviceState.BOUND);
        // deferred_probe_work_func() moves the retried consumer to the tail first.
        assertThat(paths()).containsExactly("/pmic", "/led", "/mmc");
        assertThat(core.links()).extracting(DeviceLink::state).containsExactly(LinkState.ACTIVE, LinkState.NONE);
    }

    /**
     * A regulator {@code /pmic} and two of its users bound to one driver: {@code /mmc} through a managed link with the
     * given flags, {@code /led} through a stateless one.
     */
    private RecordingDriver pmicWithConsumers(LinkFlag... mmcFlags) {
        bus("platform");
        RecordingDriver pmic = register(driver("pmic", "platform", "pmic"));
        register(driver("user", "platform", "mmc", "led"));
        add(on("platform", "/pmic"));
        add(on("platform", "/mmc"));
        add(on("platform", "/led"));
        core.link(DeviceLink.of("/pmic", "/mmc", mmcFlags));
        core.link(DeviceLink.of("/pmic", "/led", LinkFlag.STATELESS));
        return pmic;
    }

    /**
     * A driver bundle outranks the modelled driver of the same name: it takes over the devices when it arrives (the
     * modelled one detaches first), and the modelled one serves them again when it leaves.
     */
    @Test
    void aHigherRankedDriverTakesOverAndTheFallbackServesWhenItLeaves() {
        bus("pci");
        RecordingDriver modelled = new RecordingDriver("nvme", "pci", "nvme (modelled)", journal,
                new ArrayList<>(List.of("nvme0", "nvme1")));
        RecordingDriver real = new RecordingDriver("nvme", "pci", "nvme (bundle)", journal,
                new ArrayList<>(List.of("nvme0", "nvme1")));
        core.bindDriver(modelled, -100);
        add(on("pci", "/nvme0"));
        add(on("pci", "/nvme1"));
        journal.clear();

        core.bindDriver(real, 0);

        assertThat(journal()).containsExactly("remove /nvme1 by nvme (modelled)", "remove /nvme0 by nvme (modelled)",
                "probe /nvme0 by nvme (bundle)", "probe /nvme1 by nvme (bundle)");
        assertThat(core.isActive(real)).isTrue();
        assertThat(core.isActive(modelled)).isFalse();
        assertThat(core.ranking(modelled)).isEqualTo(-100);
        journal.clear();

        core.unbindDriver(real);

        assertThat(journal()).containsExactly("remove /nvme1 by nvme (bundle)", "remove /nvme0 by nvme (bundle)",
                "probe /nvme0 by nvme (modelled)", "probe /nvme1 by nvme (modelled)");
        journal.clear();
        core.bindDriver(new RecordingDriver("nvme", "pci", "nvme (another modelled)", journal, new ArrayList<>()), -100);
        assertThat(journal()).as("an equal ranking stands by").isEmpty();
    }

    @Test
    void aSecondDriverWithTheSameNameStandsByAndTakesOverWhenTheFirstLeaves() {
        bus("pci");
        RecordingDriver v1 = new RecordingDriver("nvme", "pci", "nvme@1", journal, new ArrayList<>(List.of("nvme0", "nvme1")));
        RecordingDriver v2 = new RecordingDriver("nvme", "pci", "nvme@2", journal, new ArrayList<>(List.of("nvme0", "nvme1")));
        core.bindDriver(v1);
        add(on("pci", "/nvme0"));
        add(on("pci", "/nvme1"));

        core.bindDriver(v2);
        assertThat(journal()).containsExactly("probe /nvme0 by nvme@1", "probe /nvme1 by nvme@1");
        assertThat(core.drivers()).containsExactly(v1, v2);
        journal.clear();

        core.unbindDriver(v1);

        assertThat(journal()).containsExactly("remove /nvme1 by nvme@1", "remove /nvme0 by nvme@1",
                "probe /nvme0 by nvme@2", "probe /nvme1 by nvme@2");
        assertThat(List.of(state("/nvme0"), state("/nvme1"))).containsOnly(DeviceState.BOUND);
        assertThat(core.drivers()).containsExactly(v2);
    }

    @Test
    void aStandbyDriverThatTakesOverAttachesLikeANewlyArrivedDriver() {
        bus("pci");
        RecordingDriver v1 = new RecordingDriver("nvme", "pci", "nvme@1", journal, new ArrayList<>(List.of("old")));
        v1.always("/flaky", RecordingDriver.defer("firmware not loaded"));
        // The updated bundle knows a new device id and no longer defers.
        RecordingDriver v2 = new RecordingDriver("nvme", "pci", "nvme@2", journal, new ArrayList<>(List.of("old", "new", "flaky")));
        v1.addId("flaky");
        core.bindDriver(v1);
        add(on("pci", "/old"));
        add(on("pci", "/new"));
        add(on("pci", "/flaky"));
        core.bindDriver(v2);
        assertThat(state("/new")).isEqualTo(DeviceState.UNBOUND);
        assertThat(state("/flaky")).isEqualTo(DeviceState.DEFERRED);
        journal.clear();

        core.unbindDriver(v1);

        // The standby registers and attaches in add order, the deferred /flaky included.
        assertThat(journal()).containsExactly("remove /old by nvme@1",
                "probe /old by nvme@2", "probe /new by nvme@2", "probe /flaky by nvme@2");
        assertThat(List.of(state("/old"), state("/new"), state("/flaky"))).containsOnly(DeviceState.BOUND);
    }

    @Test
    void theStandbyDriverLeavingFirstChangesNothing() {
        bus("pci");
        RecordingDriver v1 = new RecordingDriver("nvme", "pci", "nvme@1", journal, new ArrayList<>(List.of("nvme0")));
        RecordingDriver v2 = new RecordingDriver("nvme", "pci", "nvme@2", journal, new ArrayList<>(List.of("nvme0")));
        core.bindDriver(v1);
        core.bindDriver(v2);
        add(on("pci", "/nvme0"));
        journal.clear();

        core.unbindDriver(v2);

        assertThat(journal()).isEmpty();
        assertThat(device("/nvme0").driver()).contains("nvme");
        assertThat(core.drivers()).containsExactly(v1);
    }

    @Test
    void aBusTypeThatLeavesUnbindsItsDevicesInReverseListOrderAndTheyWaitForItsReturn() {
        TestBus usb = bus("usb");
        register(driver("d", "usb", "a", "b"));
        add(on("usb", "/a"));
        add(on("usb", "/b"));
        clearRecords();

        core.unbindBusType(usb);

        assertThat(journal()).containsExactly("remove /b by d", "remove /a by d");
        assertThat(List.of(state("/a"), state("/b"))).containsOnly(DeviceState.WAITING_FOR_BUS);
        journal.clear();

        core.bindBusType(usb);

        assertThat(journal()).containsExactly("probe /a by d", "probe /b by d");
        assertThat(List.of(state("/a"), state("/b"))).containsOnly(DeviceState.BOUND);
    }

    @Test
    void aDriverThatLeavesAndReturnsBindsItsDevicesAgain() {
        bus("pci");
        RecordingDriver d = register(driver("d", "pci", "a"));
        add(on("pci", "/a"));

        core.unbindDriver(d);
        core.bindDriver(d);

        assertThat(journal()).containsExactly("probe /a by d", "remove /a by d", "probe /a by d");
        assertThat(state("/a")).isEqualTo(DeviceState.BOUND);
    }
}
