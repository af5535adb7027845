package org.drivercore.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceClass;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.Driver;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.LoadedMachine;
import org.drivercore.api.MachineException;
import org.drivercore.api.MachineService;
import org.drivercore.api.ProbeContext;
import org.drivercore.api.ProbeResult;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.core.internal.RegistryFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    RegistryFixture fixture;
    DeviceRegistry registry;
    FakeMachines machines;
    DeviceCommands commands;
    MachineCommands machineCommands;

    @BeforeEach
    void setUp() {
        fixture = new RegistryFixture();
        registry = fixture.registry();
        fixture.busType(new BusType() {
            @Override
            public String name() {
                return "pci";
            }

            /** As v18: every PCI function and host bridge, whatever the driver. */
            @Override
            public boolean flagsAsyncShutdown(Device device) {
                return device.bus().isPresent() || device.name().startsWith("pci0000");
            }
        });
        fixture.driver(new TestDriver("pcieport", false, false));
        fixture.driver(new TestDriver("nvme", false, true));
        fixture.driver(new TestDriver("ixgbe", true, false));
        registry.addAll(List.of(
                DeviceSpec.builder("/devices/pci0000:00").build(),
                DeviceSpec.builder("/devices/pci0000:00/0000:00:01.0").bus("pci").driver("pcieport").build(),
                DeviceSpec.builder("/devices/pci0000:00/0000:00:01.0/0000:01:00.0").bus("pci").driver("nvme").build(),
                DeviceSpec.builder("/devices/pci0000:00/0000:00:02.0").bus("pci").driver("ixgbe").build(),
                DeviceSpec.builder("/devices/pci0000:00/0000:00:03.0").bus("pci").driver("missing").build()),
                List.of(DeviceLink.of("/devices/pci0000:00/0000:00:02.0", "/devices/pci0000:00/0000:00:01.0/0000:01:00.0",
                        LinkFlag.STATELESS)),
                false);
        machines = new FakeMachines();
        commands = new DeviceCommands(registry, machines);
        machineCommands = new MachineCommands(machines);
    }

    @Test
    void devicesJsonListsEveryDeviceInListOrderWithItsDriverAndAsyncOptIn() throws Exception {
        JsonNode doc = JSON.readTree(commands.devices(true));

        assertThat(doc.get("machine").asText()).isEqualTo("test-machine");
        List<String> paths = new ArrayList<>();
        doc.get("devices").forEach(d -> paths.add(d.get("path").asText()));
        assertThat(paths).isEqualTo(registry.devices().stream().map(Device::path).toList());
        JsonNode nvme = find(doc, "/devices/pci0000:00/0000:00:01.0/0000:01:00.0");
        assertThat(nvme.get("driver").asText()).isEqualTo("nvme");
        assertThat(nvme.get("state").asText()).isEqualTo("BOUND");
        assertThat(flags(nvme)).containsExactly("subsystem", "device");
        assertThat(nvme.get("shutdownWork").asBoolean()).isTrue();
        assertThat(nvme.get("parent").asText()).isEqualTo("/devices/pci0000:00/0000:00:01.0");
        assertThat(flags(find(doc, "/devices/pci0000:00/0000:00:02.0"))).containsExactly("subsystem", "driver");
        JsonNode root = find(doc, "/devices/pci0000:00");
        assertThat(flags(root)).as("the subsystem flags a host bridge, which has no bus").containsExactly("subsystem");
        assertThat(root.get("shutdownWork").asBoolean()).as("no bus, no driver, no class: it only orders").isFalse();
        assertThat(root.get("bus").isNull()).isTrue();
        JsonNode unbound = find(doc, "/devices/pci0000:00/0000:00:03.0");
        assertThat(unbound.get("driver").isNull()).isTrue();
        assertThat(unbound.get("shutdownWork").asBoolean()).isFalse();
        assertThat(flags(unbound)).as("never cleared, bound or not").containsExactly("subsystem");
        assertThat(unbound.get("stateReason").asText()).contains("driver 'missing' is not registered");
    }

    @Test
    void devicesTableShowsOneRowPerDevice() {
        String table = commands.devices(false);
        assertThat(table.lines()).first().asString().startsWith("machine: test-machine");
        assertThat(table.lines().skip(1).findFirst().orElseThrow()).startsWith("#")
                .contains("PATH", "DRIVER", "STATE", "WORK", "ASYNC FLAGS");
        assertThat(table.lines().count()).as("machine, header, devices, count").isEqualTo(3 + registry.devices().size());
        assertThat(table).endsWith(registry.devices().size() + " devices; dc:device PATH shows one in full\n");
        assertThat(table).as("why a device is not bound").contains("UNBOUND: driver 'missing' is not registered");
        assertThat(table).contains("subsystem,device", "subsystem,driver");
    }

    @Test
    void treeShowsTheHierarchy() throws Exception {
        assertThat(commands.tree(false)).contains("""
                pci0000:00
                |-- 0000:00:01.0 [pci] <pcieport>
                |   `-- 0000:01:00.0 [pci] <nvme>
                """);
        JsonNode doc = JSON.readTree(commands.tree(true));
        assertThat(doc.get("roots").get(0).get("children")).hasSize(3);
    }

    @Test
    void driversBusesAndLinks() throws Exception {
        JsonNode drivers = JSON.readTree(commands.drivers(true)).get("drivers");
        assertThat(drivers).hasSize(3);
        assertThat(drivers.get(2).get("name").asText()).isEqualTo("ixgbe");
        assertThat(drivers.get(2).get("asyncShutdown").asBoolean()).isTrue();
        assertThat(drivers.get(2).get("boundDevices").asInt()).isEqualTo(1);
        JsonNode buses = JSON.readTree(commands.buses(true)).get("buses");
        assertThat(buses.get(0).get("devices").asInt()).isEqualTo(4);
        assertThat(buses.get(0).get("boundDevices").asInt()).isEqualTo(3);
        JsonNode links = JSON.readTree(commands.links(true)).get("links");
        assertThat(links.get(0).get("flags").get(0).asText()).isEqualTo("STATELESS");
        assertThat(links.get(0).get("bits").asInt()).isEqualTo(1);
        assertThat(links.get(0).get("state").asText()).isEqualTo("NONE");
        assertThat(commands.links(false)).contains("STATELESS");
        assertThat(drivers.get(0).get("initcall").asText()).isEqualTo("device");
        assertThat(drivers.get(0).get("probeType").asText()).isEqualTo("default");
    }

    @Test
    void classDevicesShowTheirClassAndClassesListTheirDevicesAndHooks() throws Exception {
        fixture.deviceClass(new DeviceClass() {
            @Override
            public String name() {
                return "tpm";
            }

            @Override
            public boolean hasShutdownPre() {
                return true;
            }
        });
        fixture.deviceClass(() -> "block");
        registry.add(DeviceSpec.builder("/devices/pci0000:00/0000:00:02.0/tpm/tpm0")
                .properties(java.util.Map.of("SUBSYSTEM", "tpm")).build());
        registry.add(DeviceSpec.builder("/devices/pci0000:00/0000:00:02.0/net/eth0")
                .properties(java.util.Map.of("SUBSYSTEM", "net")).build());

        JsonNode classes = JSON.readTree(commands.classes(true)).get("classes");
        assertThat(classes).as("every class present, by name: block (a service, no device), net (a device, no "
                + "service), tpm (both)").hasSize(3);
        assertThat(classes.get(2).get("name").asText()).isEqualTo("tpm");
        assertThat(classes.get(2).get("devices").asInt()).isEqualTo(1);
        assertThat(classes.get(2).get("shutdownPre").asBoolean()).isTrue();
        assertThat(classes.get(0).get("name").asText()).isEqualTo("block");
        assertThat(classes.get(0).get("devices").asInt()).isZero();
        assertThat(classes.get(0).get("shutdownPre").asBoolean()).isFalse();
        assertThat(classes.get(1).get("name").asText()).isEqualTo("net");
        assertThat(classes.get(1).get("devices").asInt()).isEqualTo(1);
        assertThat(classes.get(1).get("bundle").isNull()).isTrue();
        assertThat(commands.classes(false)).contains("shutdown_pre").contains("block");

        JsonNode devices = JSON.readTree(commands.devices(true)).get("devices");
        assertThat(devices.get(devices.size() - 2).get("class").asText()).isEqualTo("tpm");
        assertThat(devices.get(1).get("class").isNull()).as("a device on a bus has no class").isTrue();
        assertThat(commands.devices(false)).contains("class tpm");
        assertThat(commands.tree(false)).contains("tpm0 (class tpm)");
    }

    @Test
    void loadReportsTheMachineAndItsWarnings() {
        assertThat(machineCommands.load(false)).startsWith("Loaded machine 'default' from embedded:x: 3 devices (+1 created by drivers)")
                .contains("warning: w1");
        assertThat(machineCommands.load(true, "/tmp/m.json")).contains("from /tmp/m.json");
        assertThat(machines.replaced).containsExactly(false, true);
    }

    @Test
    void loadPassesMachineErrorsThrough() {
        machines.failWith = new MachineException("/tmp/bad.json", 3, 5, "/devices/0", "unknown key 'x'");
        assertThatThrownBy(() -> machineCommands.load(false, "/tmp/bad.json")).isSameAs(machines.failWith);
    }

    @Test
    void unknownOptionOfLoadIsAUsageError() {
        assertThatThrownBy(() -> machineCommands.load(false, "--force")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("usage: load [--replace] [FILE]");
    }

    private static List<String> flags(JsonNode device) {
        List<String> out = new ArrayList<>();
        device.get("asyncFlags").forEach(f -> out.add(f.asText()));
        return out;
    }

    private static JsonNode find(JsonNode doc, String path) {
        for (JsonNode d : doc.get("devices")) {
            if (d.get("path").asText().equals(path)) {
                return d;
            }
        }
        throw new AssertionError("no device " + path);
    }

    record TestDriver(String name, boolean asyncShutdown, boolean perDevice) implements Driver {
        @Override
        public String bus() {
            return "pci";
        }

        @Override
        public ProbeResult probe(Device device, ProbeContext context) {
            if (perDevice) {
                device.enableAsyncShutdown();
            }
            return ProbeResult.bound();
        }
    }

    @Test
    void loadOfADumpSaysWhatItWasAndWhatTheImportNoted() {
        assertThat(machineCommands.load(false, "/tmp/qemu.exportdb")).isEqualTo("Loaded machine 'QEMU Standard PC' from "
                + "/tmp/qemu.exportdb (udevadm export-db): 12 devices (+6 created by drivers), 0 links, 1 driver profile, "
                + "2 generic buses\nnote: 1 drivers not in the catalog got the default profile (fixed(50us)): button\n");
    }

    @Test
    void exportWritesTheCurrentMachineAndReplacesAFileOnlyWithForce() {
        assertThat(machineCommands.export(false, "/tmp/m.json")).isEqualTo("Wrote machine 'test-machine' (0 devices, 0 links, "
                + "0 driver profiles) to /tmp/m.json\n");
        machineCommands.export(true, "/tmp/m.json");
        assertThat(machines.exported).containsExactly("/tmp/m.json", "/tmp/m.json (force)");
        assertThatThrownBy(() -> machineCommands.export(false, "--forse")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("usage: export [--force] FILE");
        machines.failWith = new MachineException("/tmp/m.json", -1, -1, null, "the file exists (--force replaces it)");
        assertThatThrownBy(() -> machineCommands.export(false, "/tmp/m.json")).isSameAs(machines.failWith);
    }

    static final class FakeMachines implements MachineService {
        final List<Boolean> replaced = new ArrayList<>();
        MachineException failWith;

        @Override
        public LoadedMachine loadDefault(boolean replace) {
            replaced.add(replace);
            return new LoadedMachine("default", "", "embedded:x", 3, 1, 0, List.of("nvme"), List.of("w1"));
        }

        @Override
        public LoadedMachine load(Path file, boolean replace) {
            if (failWith != null) {
                throw failWith;
            }
            replaced.add(replace);
            if (file.toString().endsWith(".exportdb")) {
                return new LoadedMachine("QEMU Standard PC", "", file.toString(), "udevadm export-db", 12, 6, 0,
                        List.of("button"), List.of("acpi", "virtio"), List.of("button"),
                        List.of("1 drivers not in the catalog got the default profile (fixed(50us)): button"), List.of());
            }
            return new LoadedMachine("m", "", file.toString(), 1, 0, 0, List.of(), List.of());
        }

        final List<String> exported = new ArrayList<>();

        @Override
        public void export(Path file, boolean overwrite) {
            if (failWith != null) {
                throw failWith;
            }
            exported.add(file + (overwrite ? " (force)" : ""));
        }

        @Override
        public Optional<LoadedMachine> current() {
            return Optional.of(new LoadedMachine("test-machine", "", "test", 0, 0, 0, List.of(), List.of()));
        }
    }
}
