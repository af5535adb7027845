package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceState;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.RegistryException;
import org.junit.jupiter.api.Test;

/** bind, unbind, driver_override and rescan, as their sysfs files do them (drivers/base/bus.c). */
class SysfsControlTest extends CoreFixture {

    @Test
    void unbindThenBindGivesTheDeviceBackToItsDriver() {
        bus("pci");
        register(driver("nvme", "pci", "x"));
        add(on("pci", "/x"));

        core.unbind("/x", "nvme");
        assertThat(state("/x")).isEqualTo(DeviceState.UNBOUND);
        assertThat(device("/x").stateReason()).contains("unbound by the user");

        core.bind("/x", "nvme");
        assertThat(state("/x")).isEqualTo(DeviceState.BOUND);
        assertThat(journal()).containsExactly("probe /x by nvme", "remove /x by nvme", "probe /x by nvme");
    }

    @Test
    void aRefusedRequestSaysWhyAndChangesNothing() {
        bus("pci");
        bus("usb");
        register(driver("nvme", "pci", "x"));
        register(driver("ahci", "pci", "y"));
        register(driver("usb-storage", "usb", "x"));
        add(on("pci", "/x"));
        add(on("pci", "/z"));
        register(driver("nvme-alt", "pci", "x"));
        Snapshot before = snapshot();

        assertThatThrownBy(() -> core.bind("/x", "nvme-alt")).isInstanceOf(RegistryException.class)
                .hasMessage("/x: already bound to driver 'nvme' (EBUSY): unbind it first");
        assertThatThrownBy(() -> core.bind("/x", "ahci")).as("the match comes before the driver check")
                .hasMessageContaining("does not match it (ENODEV)");
        assertThatThrownBy(() -> core.bind("/z", "ahci")).hasMessageContaining("does not match it (ENODEV)");
        assertThatThrownBy(() -> core.bind("/z", "usb-storage")).hasMessageContaining("is on bus 'usb'");
        assertThatThrownBy(() -> core.bind("/z", "nope")).hasMessage("/z: no driver 'nope' is registered");
        assertThatThrownBy(() -> core.bind("/nope", "nvme")).hasMessage("/nope: no such device");
        assertThatThrownBy(() -> core.unbind("/x", "ahci")).hasMessageContaining("bound to driver 'nvme', not 'ahci'");
        assertThatThrownBy(() -> core.unbind("/z", null)).hasMessage("/z: not bound to a driver (ENODEV)");
        assertThatThrownBy(() -> core.setDriverOverride("/z", Optional.of("two words")))
                .hasMessageContaining("one driver name");
        assertThatThrownBy(() -> core.rescan(Optional.of("i2c"))).hasMessage("no bus type 'i2c' is registered");

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aDriverOverrideCountsAtTheNextProbeOnly() {
        bus("pci");
        register(driver("nvme", "pci", "x"));
        register(driver("vfio-pci", "pci"));
        add(on("pci", "/x"));

        core.setDriverOverride("/x", Optional.of("vfio-pci"));
        assertThat(device("/x").driver()).as("writing driver_override probes nothing").contains("nvme");
        assertThat(device("/x").recordedDriver()).contains("vfio-pci");

        core.unbind("/x", null);
        assertThat(core.rescan(Optional.of("pci"))).extracting(d -> d.path()).containsExactly("/x");
        assertThat(device("/x").driver()).contains("vfio-pci");

        core.unbind("/x", null);
        assertThatThrownBy(() -> core.bind("/x", "nvme")).hasMessageContaining("driver_override is 'vfio-pci'");
        core.setDriverOverride("/x", Optional.empty());
        core.bind("/x", "nvme");
        assertThat(device("/x").driver()).contains("nvme");
    }

    @Test
    void unbindingASupplierUnbindsItsManagedConsumersFirst() {
        bus("platform");
        register(driver("regulator", "platform", "reg"));
        register(driver("mmc", "platform", "mmc"));
        add(on("platform", "/reg"));
        add(on("platform", "/mmc"));
        core.link(DeviceLink.of("/reg", "/mmc", LinkFlag.AUTOREMOVE_CONSUMER));
        clearRecords();

        core.unbind("/reg", "regulator");

        assertThat(journal()).containsExactly("remove /mmc by mmc", "remove /reg by regulator");
        assertThat(state("/mmc")).isEqualTo(DeviceState.UNBOUND);
    }

    @Test
    void aBindWhoseProbeDefersIsEagainAndNotRetried() {
        bus("pci");
        RecordingDriver nvme = register(driver("nvme", "pci", "x"));
        add(on("pci", "/x"));
        core.unbind("/x", null);
        nvme.then("/x", RecordingDriver.defer("firmware not ready"));

        assertThatThrownBy(() -> core.bind("/x", "nvme")).hasMessageContaining("deferred its probe (EAGAIN): "
                + "firmware not ready; a bind is not retried");
        assertThat(state("/x")).isEqualTo(DeviceState.UNBOUND);
        assertThat(core.pendingList()).as("device_driver_attach() queues no deferred probe").doesNotContain("/x");
    }

    @Test
    void driverOverrideIsRefusedOnABusThatHasNone() {
        bus("usb");
        register(driver("usb-storage", "usb", "x"));
        add(on("usb", "/u"));

        assertThatThrownBy(() -> core.setDriverOverride("/u", Optional.of("uas")))
                .hasMessageStartingWith("/u: bus 'usb' has no driver_override in Linux 6.18");
        assertThat(device("/u").recordedDriver()).isEmpty();
    }

    @Test
    void probingBlockedByAShutdownRefusesBindAndRescan() {
        bus("pci");
        register(driver("nvme", "pci", "x"));
        add(on("pci", "/x"));
        core.unbind("/x", null);
        core.blockProbing();

        assertThatThrownBy(() -> core.bind("/x", "nvme")).hasMessageContaining("probing is blocked");
        assertThatThrownBy(() -> core.rescan(Optional.empty())).hasMessageContaining("probing is blocked");
    }
}
