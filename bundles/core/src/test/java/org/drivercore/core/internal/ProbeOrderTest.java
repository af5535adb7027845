package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceEvent;
import org.drivercore.api.ProbeResult;
import org.junit.jupiter.api.Test;

/** {@code really_probe()}'s {@code devices_kset_move_last()}: the device moves to the tail just before its probe. */
class ProbeOrderTest extends CoreFixture {

    @Test
    void theDeviceIsAtTheTailOfTheListWhenItsProbeRuns() {
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

        assertThat(seenInProbe).containsExactly(List.of("/a"), List.of("/b", "/a"));
        assertThat(log.of(DeviceEvent.Type.MOVED_TO_TAIL, DeviceEvent.Type.PROBING, DeviceEvent.Type.BOUND))
                .containsExactly("MOVED_TO_TAIL /a", "PROBING /a", "BOUND /a");
    }

    @Test
    void aDeviceProbedLateEndsBehindDevicesAddedAfterIt() {
        bus("pci");
        add(on("pci", "/a"));
        add(classDevice("/b"));
        add(on("pci", "/c"));

        register(driver("d", "pci", "a"));

        assertThat(paths()).containsExactly("/b", "/c", "/a");
    }

    @Test
    void devicesCreatedByTheProbeLandBehindTheProbedDevice() {
        bus("pci");
        add(spec("/ctrl").bus("pci")
                .probeChildren(List.of(classDevice("/ctrl/ns1"), spec("/ctrl/ns2").bus("pci").build())).build());
        add(classDevice("/other"));

        register(driver("nvme", "pci", "ctrl"));

        assertThat(paths()).containsExactly("/other", "/ctrl", "/ctrl/ns1", "/ctrl/ns2");
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
     * Linux moves only the probed device, not its children: a parent whose probe runs after a child was added
     * ends behind that child. This is mainline's rule, emulated on purpose; a serial shutdown that walks the
     * list in reverse then shuts the parent down first.
     */
    @Test
    void onlyTheProbedDeviceMovesSoAParentProbedAfterItsChildEndsBehindIt() {
        bus("platform");
        add(on("platform", "/soc"));
        add(classDevice("/soc/gpio-leds"));

        register(driver("simple-bus", "platform", "soc"));

        assertThat(paths()).containsExactly("/soc/gpio-leds", "/soc");
    }
}
