package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

/** A driver bundle that stops takes all its drivers away: one reverse walk over all their devices. */
class BundleHotSwapTest extends CoreFixture {

    final Set<Long> stopping = new HashSet<>();
    RecordingDriver pcieport;
    RecordingDriver nvme;
    RecordingDriver other;

    @BeforeEach
    void machine() {
        core.bundleLeaving(stopping::contains);
        bus("pci");
        pcieport = driver("pcieport", "pci", "port");
        nvme = driver("nvme", "pci", "n0", "n1");
        other = driver("e1000", "pci", "eth");
        core.bindDriverService(pcieport, Map.of(Constants.SERVICE_BUNDLEID, 7L));
        core.bindDriverService(nvme, Map.of(Constants.SERVICE_BUNDLEID, 7L));
        core.bindDriverService(other, Map.of(Constants.SERVICE_BUNDLEID, 8L));
        add(on("pci", "/port"));
        add(on("pci", "/port/n1"));
        add(on("pci", "/eth"));
        add(on("pci", "/port/n0"));
        clearRecords();
    }

    @Test
    void theFirstDriverOfAStoppingBundleToLeaveUnbindsEveryDeviceOfTheBundleInReverseListOrder() {
        stopping.add(7L);

        core.unbindDriverService(pcieport, Map.of(Constants.SERVICE_BUNDLEID, 7L));

        assertThat(log.of(DeviceEvent.Type.UNBOUND)).containsExactly("UNBOUND /port/n0", "UNBOUND /port/n1", "UNBOUND /port");
        assertThat(state("/eth")).isEqualTo(DeviceState.BOUND);
        // Its sibling is not used while the bundle leaves, and leaving changes nothing more.
        core.unbindDriverService(nvme, Map.of(Constants.SERVICE_BUNDLEID, 7L));
        assertThat(log.of(DeviceEvent.Type.UNBOUND)).hasSize(3);
        assertThat(log.of(DeviceEvent.Type.BOUND)).isEmpty();
    }

    @Test
    void theDriversOfTheUpdatedBundleBindAgainInListOrder() {
        stopping.add(7L);
        core.unbindDriverService(pcieport, Map.of(Constants.SERVICE_BUNDLEID, 7L));
        core.unbindDriverService(nvme, Map.of(Constants.SERVICE_BUNDLEID, 7L));
        stopping.remove(7L);

        core.bindDriverService(driver("pcieport", "pci", "port"), Map.of(Constants.SERVICE_BUNDLEID, 7L));
        core.bindDriverService(driver("nvme", "pci", "n0", "n1"), Map.of(Constants.SERVICE_BUNDLEID, 7L));

        assertThat(log.of(DeviceEvent.Type.BOUND)).containsExactly("BOUND /port", "BOUND /port/n1", "BOUND /port/n0");
    }

    @Test
    void aDriverLeavingWhileItsBundleStaysActiveUnbindsOnlyItsOwnDevices() {
        core.unbindDriverService(pcieport, Map.of(Constants.SERVICE_BUNDLEID, 7L));

        assertThat(log.of(DeviceEvent.Type.UNBOUND)).containsExactly("UNBOUND /port");
        assertThat(state("/port/n0")).isEqualTo(DeviceState.BOUND);
    }
}
