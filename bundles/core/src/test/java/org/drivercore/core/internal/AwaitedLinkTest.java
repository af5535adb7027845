package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceState;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.RegistryException;
import org.junit.jupiter.api.Test;

/**
 * A link may name a device a probe creates: fw_devlink keeps its fwnode link and makes the device link when the device
 * is added ({@code fw_devlink_link_device()} in {@code device_add()}), again each time it is added anew; until then a
 * managed link's consumer waits for its supplier.
 */
class AwaitedLinkTest extends CoreFixture {

    @Test
    void aLinkToADeviceAProbeCreatesIsMadeWhenItIsCreated() {
        bus("platform");
        register(driver("serdes", "platform", "serdes"));
        register(driver("pcie", "platform", "pcie"));
        core.boot(List.of(spec("/serdes").bus("platform").driver("serdes").probeChildren(List.of(classDevice("/serdes/phy0"))).build(),
                        spec("/pcie").bus("platform").driver("pcie").build()),
                List.of(DeviceLink.of("/serdes/phy0", "/pcie", LinkFlag.STATELESS)), false, List.of());

        assertThat(core.links()).singleElement().satisfies(l -> assertThat(l.supplierPath()).isEqualTo("/serdes/phy0"));
        // device_link_add() reorders the consumer behind its supplier.
        assertThat(paths().indexOf("/pcie")).isGreaterThan(paths().indexOf("/serdes/phy0"));
    }

    /** Hot-plug: the link is made when the probe creates its supplier, before the batch's next device is added. */
    @Test
    void aBatchsLinkToADeviceAProbeCreatesIsMadeAtItsCreation() {
        bus("platform");
        register(driver("serdes", "platform", "serdes"));
        core.addAll(List.of(spec("/serdes").bus("platform").driver("serdes").probeChildren(List.of(classDevice("/serdes/phy0"))).build(),
                        classDevice("/pcie"), classDevice("/later")),
                List.of(DeviceLink.of("/serdes/phy0", "/pcie", LinkFlag.STATELESS)), false);

        assertThat(core.links()).singleElement().satisfies(l -> assertThat(l.consumerPath()).isEqualTo("/pcie"));
        // /pcie was appended after /serdes/phy0 was created, so the link made at /pcie's addition moved nothing; /later
        // was added after both.
        assertThat(paths()).containsExactly("/serdes", "/serdes/phy0", "/pcie", "/later");
    }

    /** A batch of N devices and N - 1 links between neighbours makes every link, each as its second end is added. */
    @Test
    void aLongChainOfLinksIsMadeWhole() {
        List<org.drivercore.api.DeviceSpec> devices = new java.util.ArrayList<>();
        List<DeviceLink> links = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            devices.add(classDevice("/c" + i));
            if (i > 0) {
                // Given backwards, so that most links wait for their consumer, then for nothing.
                links.add(0, DeviceLink.of("/c" + (i - 1), "/c" + i, LinkFlag.STATELESS));
            }
        }
        core.addAll(devices, links, false);

        assertThat(core.links()).hasSize(4_999);
        assertThat(paths()).isEqualTo(devices.stream().map(org.drivercore.api.DeviceSpec::path).toList());
    }

    @Test
    void aManagedLinksConsumerWaitsForItsSupplierToBeCreatedAndBound() {
        bus("platform");
        bus("scmi_protocol");
        RecordingDriver scmi = register(driver("arm-scmi", "platform", "arm-scmi"));
        register(driver("scmi-clocks", "scmi_protocol", "scmi-clocks"));
        register(driver("uart", "platform", "uart"));
        core.boot(List.of(spec("/uart").bus("platform").driver("uart").build(),
                        spec("/scmi").bus("platform").driver("arm-scmi").probeChildren(List.of(
                                spec("/scmi/dev1").bus("scmi_protocol").driver("scmi-clocks").build())).build()),
                List.of(DeviceLink.of("/scmi/dev1", "/uart", LinkFlag.AUTOPROBE_CONSUMER)), false, List.of());

        assertThat(state("/scmi/dev1")).isEqualTo(DeviceState.BOUND);
        assertThat(state("/uart")).isEqualTo(DeviceState.BOUND);
        // /uart comes first in the list, yet probes only after its supplier is created and bound.
        assertThat(journal()).containsExactly("probe /scmi by arm-scmi", "probe /scmi/dev1 by scmi-clocks", "probe /uart by uart");

        // The supplier goes with its creator's driver, and the link with it; it comes back with it.
        core.unbindDriver(scmi);
        assertThat(core.device("/scmi/dev1")).isEmpty();
        assertThat(core.links()).isEmpty();
        core.bindDriver(scmi);
        assertThat(core.links()).singleElement().satisfies(l -> assertThat(l.consumerPath()).isEqualTo("/uart"));
    }

    @Test
    void aLinkToADeviceNeitherThereNorPromisedIsRefused() {
        add(classDevice("/a"));
        assertThatThrownBy(() -> core.boot(List.of(classDevice("/b")), List.of(DeviceLink.of("/ghost", "/b")), false, List.of()))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("link supplier '/ghost' is not a registered device (nor one a driver of what is added creates)");
    }

    /** A device its kernel left unbound stays so, whatever matches it (PCI's match_driver). */
    @Test
    void aDeviceThatMatchesNoDriverStaysUnbound() {
        bus("pci");
        register(driver("pcieport", "pci", "pci:*bc06sc04*"));
        add(spec("/bridge").bus("pci").properties(java.util.Map.of("MODALIAS", "pci:v1bc06sc04i00")).matchDriver(false).build());
        add(spec("/port").bus("pci").properties(java.util.Map.of("MODALIAS", "pci:v2bc06sc04i00")).build());

        assertThat(state("/bridge")).isEqualTo(DeviceState.UNBOUND);
        assertThat(device("/bridge").matchDriver()).isFalse();
        assertThat(state("/port")).isEqualTo(DeviceState.BOUND);
    }
}
