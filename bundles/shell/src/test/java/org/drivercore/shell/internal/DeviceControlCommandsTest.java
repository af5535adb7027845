package org.drivercore.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.DeviceState;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.RegistryException;
import org.drivercore.core.internal.RegistryFixture;
import org.drivercore.shell.internal.DeviceCommandsTest.TestDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** dc:device, and the sysfs-style commands: bind, unbind, driver-override, rescan, add, remove. */
class DeviceControlCommandsTest {

    private static final String NVME = "/devices/pci0000:00/0000:00:01.0/0000:01:00.0";
    private static final String PORT = "/devices/pci0000:00/0000:00:01.0";

    DeviceRegistry registry;
    DeviceControlCommands control;
    DriverOverrideCommand override;
    DeviceInfoCommand info;

    @BeforeEach
    void setUp() {
        RegistryFixture fixture = new RegistryFixture();
        registry = fixture.registry();
        fixture.busType(() -> "pci");
        fixture.driver(new TestDriver("pcieport", false, false));
        fixture.driver(new TestDriver("nvme", true, false));
        fixture.driver(new TestDriver("vfio-pci", false, false));
        registry.addAll(List.of(
                DeviceSpec.builder("/devices/pci0000:00").build(),
                DeviceSpec.builder(PORT).bus("pci").driver("pcieport").build(),
                DeviceSpec.builder(NVME).bus("pci").driver("nvme").properties(Map.of("PCI_ID", "144D:A808")).build()),
                List.of(DeviceLink.of(PORT, NVME, LinkFlag.STATELESS)), false);
        DeviceCommandsTest.FakeMachines machines = new DeviceCommandsTest.FakeMachines();
        control = new DeviceControlCommands(registry, machines);
        override = new DriverOverrideCommand(registry, machines);
        info = new DeviceInfoCommand(registry, machines);
    }

    @Test
    void deviceShowsUdevadmStylePropertiesThenWhatTheRegistryKnows() throws Exception {
        String text = info.device(false, "0000:01:00.0");

        assertThat(text).startsWith("P: " + NVME + "\nM: 0000:01:00.0\nU: pci\nE: PCI_ID=144D:A808\n");
        assertThat(text).contains("state:           BOUND to nvme")
                .contains("driver_override: nvme")
                .contains("async shutdown:  driver: set by its driver, driver-wide (v8's async_shutdown_enable in nvme)")
                .contains("supplier:        " + PORT + " [STATELESS] NONE")
                .contains("shutdown model:  a shutdown callback (no model described)");
        JsonNode doc = new ObjectMapper().readTree(info.device(true, NVME));
        assertThat(doc.get("device").get("asyncFlags").has("driver")).isTrue();
        assertThat(doc.get("device").get("suppliers").get(0).get("supplier").asText()).isEqualTo(PORT);
    }

    @Test
    void aDeviceIsNamedByPathNameOrTailAndAnAmbiguousOrUnknownNameSaysSo() {
        assertThatThrownBy(() -> info.device(false, "nvme9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("device: no device 'nvme9'");
        assertThatThrownBy(() -> info.device(false, "--jsn")).hasMessage("device: unknown option '--jsn'");
        assertThatThrownBy(() -> info.device(false, NVME, "extra")).hasMessageContaining("unexpected argument 'extra'");
    }

    @Test
    void overrideUnbindRescanMovesADeviceToAnotherDriver() {
        assertThat(override._main(false, DriverOverrideCommand.FUNCTION, NVME, "vfio-pci"))
                .contains("driver_override nvme -> vfio-pci (still bound to nvme: unbind and rescan to apply)");
        assertThat(control.unbind("", "0000:01:00.0")).isEqualTo("Unbound " + NVME + " from driver 'nvme'\n");
        assertThat(control.rescan("pci")).isEqualTo("Rescanned bus pci: 1 device bound\n  " + NVME + " -> vfio-pci\n");
        assertThat(registry.device(NVME).orElseThrow().driver()).contains("vfio-pci");

        assertThat(override._main(true, DriverOverrideCommand.FUNCTION, NVME)).contains("vfio-pci -> -");
        control.unbind("vfio-pci", NVME);
        assertThatThrownBy(() -> control.bind(NVME, "nvme")).as("cleared: the bus's match, and nvme has no ids here")
                .hasMessageContaining("does not match it (ENODEV)");
        override._main(false, DriverOverrideCommand.FUNCTION, NVME, "nvme");
        assertThat(control.bind(NVME, "nvme")).isEqualTo("Bound " + NVME + " to driver 'nvme'\n");
    }

    @Test
    void badRequestsNameTheArgumentAndChangeNothing() {
        List<String> before = registry.devices().stream().map(d -> d.path() + " " + d.state() + " " + d.driver()).toList();

        assertThatThrownBy(() -> control.bind(NVME, "nvme")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("already bound to driver 'nvme' (EBUSY)");
        assertThatThrownBy(() -> control.bind(NVME, "pcieport")).hasMessageContaining("driver_override is 'nvme'");
        assertThatThrownBy(() -> control.unbind("pcieport", NVME)).hasMessageContaining("not 'pcieport'");
        assertThatThrownBy(() -> control.rescan("usb")).hasMessage("no bus type 'usb' is registered");
        assertThatThrownBy(() -> control.rescan("", "--bsu")).hasMessageContaining("unknown option '--bsu'");
        assertThatThrownBy(() -> override._main(false, DriverOverrideCommand.FUNCTION, NVME))
                .hasMessageContaining("which driver? (or --clear)");
        assertThatThrownBy(() -> override._main(true, DriverOverrideCommand.FUNCTION, NVME, "x"))
                .hasMessageContaining("--clear takes no driver");
        assertThatThrownBy(() -> control.add("pci", "", "", "/devices/pci0000:00/0000:00:05.0", "NOEQUALS"))
                .hasMessageContaining("'NOEQUALS' is not KEY=VALUE");
        assertThatThrownBy(() -> control.add("", "", "", PORT)).hasMessageContaining(PORT);
        assertThatThrownBy(() -> control.remove("/devices/none")).hasMessageContaining("no device '/devices/none'");

        assertThat(registry.devices().stream().map(d -> d.path() + " " + d.state() + " " + d.driver()).toList())
                .isEqualTo(before);
    }

    @Test
    void addPlacesTheDeviceUnderItsNearestAncestorAndProbesIt() {
        String added = control.add("pci", "", "vfio-pci", "/devices/pci0000:00/0000:00:01.0/0000:01:00.1", "A=1");

        assertThat(added).isEqualTo("Added /devices/pci0000:00/0000:00:01.0/0000:01:00.1 under " + PORT
                + ": BOUND to driver 'vfio-pci'\n");
        Device d = registry.device("/devices/pci0000:00/0000:00:01.0/0000:01:00.1").orElseThrow();
        assertThat(d.parent().map(Device::path)).contains(PORT);
        assertThat(d.properties()).containsEntry("A", "1");

        assertThat(control.remove(PORT)).isEqualTo("Removed " + PORT + " and 2 devices under it or created by its "
                + "drivers\n");
        assertThat(registry.devices()).extracting(Device::path).containsExactly("/devices/pci0000:00");
    }

    @Test
    void aBindOnAnUnboundDeviceProbesIt() {
        control.unbind("", NVME);
        assertThat(registry.device(NVME).orElseThrow().state()).isEqualTo(DeviceState.UNBOUND);
        control.bind("0000:01:00.0", "nvme");
        assertThat(registry.device(NVME).orElseThrow().state()).isEqualTo(DeviceState.BOUND);
    }
}
