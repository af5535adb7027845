package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceState;
import org.junit.jupiter.api.Test;

/** Matching a device against the drivers of its bus. */
class BindingTest extends CoreFixture {

    @Test
    void aDeviceIsMatchedAgainstTheDriversOfItsBusInArrivalOrder() {
        bus("pci");
        bus("usb");
        register(driver("usbx", "usb", "x"));
        register(driver("first", "pci", "x").byDefault(RecordingDriver.fail("not this one")));
        register(driver("second", "pci", "x"));
        register(driver("third", "pci", "x"));

        add(on("pci", "/x"));

        assertThat(journal()).containsExactly("probe /x by first", "probe /x by second");
        assertThat(state("/x")).isEqualTo(DeviceState.BOUND);
        assertThat(device("/x").driver()).contains("second");
    }

    @Test
    void theDefaultBusMatchIsTheIdTable() {
        bus("pci");
        register(driver("nvme", "pci", "pci:v0000144Dd*sv*", "nvme-by-name"));

        add(spec("/a").bus("pci").properties(Map.of("MODALIAS", "pci:v0000144Dd0000A808sv0000144Dsd0000A801")).build());
        add(spec("/b").bus("pci").name("nvme-by-name").build());
        add(spec("/c").bus("pci").properties(Map.of("MODALIAS", "pci:v00008086d00000953sv0sd0")).build());

        assertThat(journal()).containsExactly("probe /a by nvme", "probe /b by nvme");
        assertThat(state("/c")).isEqualTo(DeviceState.UNBOUND);
        assertThat(device("/c").stateReason()).contains("no driver matches");
    }

    @Test
    void aRecordedDriverNameBindsWithoutAnIdTableMatch() {
        TestBus pci = bus("pci");
        register(driver("vfio-pci", "pci"));

        add(spec("/gpu").bus("pci").driver("vfio-pci").build());

        assertThat(state("/gpu")).isEqualTo(DeviceState.BOUND);
        assertThat(device("/gpu").driver()).contains("vfio-pci");
        assertThat(pci.matchCalls).as("driver_override does not ask the bus").isEmpty();
    }

    @Test
    void aRecordedDriverNameKeepsEveryOtherDriverAway() {
        bus("pci");
        register(driver("nouveau", "pci", "gpu"));

        add(spec("/gpu").bus("pci").driver("vfio-pci").build());

        assertThat(journal()).isEmpty();
        assertThat(state("/gpu")).isEqualTo(DeviceState.UNBOUND);
        assertThat(device("/gpu").stateReason().orElseThrow()).contains("vfio-pci");

        register(driver("generic", "pci", "gpu"));
        assertThat(journal()).isEmpty();
        register(driver("vfio-pci", "pci"));
        assertThat(journal()).containsExactly("probe /gpu by vfio-pci");
        assertThat(device("/gpu").driver()).contains("vfio-pci");
    }

    @Test
    void aRecordedDriverOnAnotherBusDoesNotBind() {
        bus("pci");
        bus("platform");
        register(driver("vfio-pci", "platform"));

        add(spec("/gpu").bus("pci").driver("vfio-pci").build());

        assertThat(journal()).isEmpty();
        assertThat(state("/gpu")).isEqualTo(DeviceState.UNBOUND);
    }

    @Test
    void aDeviceOnABusWithoutItsBusTypeWaitsAndBindsWhenTheBusTypeArrives() {
        register(driver("xhci", "usb", "hub"));

        add(on("usb", "/hub"));

        assertThat(state("/hub")).isEqualTo(DeviceState.WAITING_FOR_BUS);
        assertThat(device("/hub").stateReason().orElseThrow()).contains("'usb'");
        assertThat(journal()).isEmpty();

        bus("usb");

        assertThat(journal()).containsExactly("probe /hub by xhci");
        assertThat(state("/hub")).isEqualTo(DeviceState.BOUND);
    }

    @Test
    void devicesWaitingForABusBindInListOrderWhenItArrives() {
        register(driver("d", "usb", "a", "b", "c"));
        add(on("usb", "/c"));
        add(on("usb", "/a"));
        add(classDevice("/z"));
        add(on("usb", "/b"));

        bus("usb");

        assertThat(journal()).containsExactly("probe /c by d", "probe /a by d", "probe /b by d");
        assertThat(paths()).containsExactly("/c", "/a", "/z", "/b");
    }

    @Test
    void aClassDeviceIsNeverProbed() {
        TestBus pci = bus("pci");
        register(driver("d", "pci", "card0"));

        add(classDevice("/drm/card0"));
        register(driver("d2", "pci", "card0"));
        bus("drm");

        assertThat(journal()).isEmpty();
        assertThat(pci.matchCalls).isEmpty();
        assertThat(state("/drm/card0")).isEqualTo(DeviceState.UNBOUND);
        assertThat(device("/drm/card0").stateReason().orElseThrow()).contains("no bus");
        assertThat(log.paths(DeviceEvent.Type.PROBING)).isEmpty();
    }

    @Test
    void aDeviceWithoutAMatchingDriverStaysUnbound() {
        bus("pci");
        register(driver("d", "pci", "other"));

        add(on("pci", "/x"));

        assertThat(state("/x")).isEqualTo(DeviceState.UNBOUND);
        assertThat(device("/x").driver()).isEmpty();
        assertThat(journal()).isEmpty();
    }

    @Test
    void aDeviceIsProbeFailedWhenEveryMatchingDriverFails() {
        bus("pci");
        register(driver("a", "pci", "x").byDefault(RecordingDriver.fail("no firmware")));
        register(driver("b", "pci", "x").byDefault(RecordingDriver.fail("wrong revision")));

        add(on("pci", "/x"));

        assertThat(journal()).containsExactly("probe /x by a", "probe /x by b");
        assertThat(state("/x")).isEqualTo(DeviceState.PROBE_FAILED);
        assertThat(device("/x").stateReason().orElseThrow()).contains("'b'").contains("wrong revision");
        assertThat(log.of(DeviceEvent.Type.PROBE_FAILED)).containsExactly("PROBE_FAILED /x", "PROBE_FAILED /x");
    }

    @Test
    void aBusWhoseMatchThrowsMatchesNothing() {
        TestBus bad = new TestBus("pci", (d, drv) -> {
            throw new IllegalStateException("broken match");
        });
        core.bindBusType(bad);
        register(driver("d", "pci", "x"));

        add(on("pci", "/x"));

        assertThat(state("/x")).isEqualTo(DeviceState.UNBOUND);
        assertThat(journal()).isEmpty();
    }
}
