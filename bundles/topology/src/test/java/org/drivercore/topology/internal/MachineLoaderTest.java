package org.drivercore.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.DeviceState;
import org.drivercore.api.Driver;
import org.drivercore.api.InitcallLevel;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.LoadedMachine;
import org.drivercore.api.MachineException;
import org.drivercore.api.ModelledProfile;
import org.drivercore.api.ProbeContext;
import org.drivercore.api.ProbeResult;
import org.drivercore.api.ProbeType;
import org.drivercore.api.hardware.NvmeController;
import org.drivercore.core.internal.RegistryFixture;
import org.drivercore.hardware.internal.HardwareRegistry;
import org.drivercore.topology.internal.json.MachineParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineLoaderTest {

    /** Lines matter: the error tests below name them. */
    static final String SMALL = """
            {
              "machine": "small",
              "description": "a root port, an NVMe controller with a namespace, a platform device",
              "profiles": {
                "pcieport": {"bus": "pci", "shutdown": "fixed(1ms)"},
                "nvme": {"bus": "pci", "async": "device", "shutdown": "lognormal(median=4500ms, sigma=0.1)", "seed": 7,
                         "wait": "poll", "timeoutMs": 5000},
                "serial8250": {"bus": "platform"}
              },
              "devices": [
                {"path": "/devices/pci0000:00", "properties": {"SUBSYSTEM": "pci_bus"}},
                {"path": "/devices/pci0000:00/0000:00:01.0", "bus": "pci", "driver": "pcieport"},
                {"path": "/devices/pci0000:00/0000:00:01.0/0000:01:00.0", "bus": "pci", "driver": "nvme"},
                {"path": "/devices/pci0000:00/0000:00:01.0/0000:01:00.0/nvme/nvme0", "createdByDriver": true},
                {"path": "/devices/pci0000:00/0000:00:01.0/0000:01:00.0/nvme/nvme0/nvme0n1", "createdByDriver": true},
                {"path": "/devices/platform/serial8250", "bus": "platform", "driver": "serial8250"}
              ],
              "links": [
                {"supplier": "/devices/platform/serial8250", "consumer": "/devices/pci0000:00/0000:00:01.0/0000:01:00.0",
                 "flags": ["STATELESS"]}
              ]
            }
            """;

    @TempDir
    Path dir;

    RegistryFixture fixture;
    DeviceRegistry registry;
    MachineLoader loader;

    @BeforeEach
    void setUp() {
        fixture = new RegistryFixture();
        registry = fixture.registry();
        fixture.busType(bus("pci"));
        fixture.busType(bus("platform"));
        for (String[] d : new String[][] { { "pcieport", "pci" }, { "nvme", "pci" }, { "serial8250", "platform" } }) {
            fixture.driver(new CreatingDriver(d[0], d[1]));
        }
        loader = new MachineLoader(registry, null, Duration.ZERO);
    }

    @Test
    void loadsDevicesLinksAndDriverCreatedChildren() throws IOException {
        LoadedMachine m = loader.load(write("small.json", SMALL), false);

        assertThat(m.name()).isEqualTo("small");
        assertThat(m.devices()).isEqualTo(4);
        assertThat(m.createdByDrivers()).isEqualTo(2);
        assertThat(m.links()).isEqualTo(1);
        assertThat(m.profiles()).containsExactly("pcieport", "nvme", "serial8250");
        assertThat(m.warnings()).singleElement().asString().contains("Config Admin is not available");
        Device nvme = registry.device("/devices/pci0000:00/0000:00:01.0/0000:01:00.0").orElseThrow();
        assertThat(nvme.state()).isEqualTo(DeviceState.BOUND);
        assertThat(nvme.driver()).contains("nvme");
        // The namespace hangs below the class device, both created by the nvme probe.
        Device ns = registry.device("/devices/pci0000:00/0000:00:01.0/0000:01:00.0/nvme/nvme0/nvme0n1").orElseThrow();
        assertThat(ns.parent().orElseThrow().path()).endsWith("/nvme/nvme0");
        assertThat(ns.parent().orElseThrow().parent().orElseThrow()).isSameAs(nvme);
        assertThat(loader.current()).contains(m);
    }

    @Test
    void devicesCreatedInProbeGoWithTheirDriverAndComeBack() throws IOException {
        loader.load(write("small.json", SMALL), false);
        Driver nvme = registry.drivers().stream().filter(d -> d.name().equals("nvme")).findFirst().orElseThrow();

        fixture.removeDriver(nvme);
        assertThat(paths()).noneMatch(p -> p.contains("/nvme/"));

        fixture.driver(nvme);
        assertThat(paths()).filteredOn(p -> p.contains("/nvme/")).hasSize(2);
    }

    @Test
    void profilesBecomeConfigAdminProperties() {
        MachineModel model = MachineAssembler.assemble(new MachineParser("small.json").parse(new java.io.StringReader(SMALL)));
        var props = model.profiles().get("nvme").toProperties("small");
        assertThat(props.get("driver.name")).isEqualTo("nvme");
        assertThat(props.get("bus")).isEqualTo("pci");
        assertThat(props.get("async")).isEqualTo("device");
        assertThat(props.get("shutdown")).isEqualTo("lognormal(median=4500ms, sigma=0.1)");
        assertThat(props.get("seed")).isEqualTo(7L);
        assertThat(props.get("wait.mode")).isEqualTo("poll");
        assertThat(props.get("timeout.ms")).isEqualTo(5000L);
        assertThat(props.get("machine")).isEqualTo("small");
    }

    // ---------------------------------------------------------------- bad files: one error, nothing registered

    @Test
    void syntaxErrorNamesLineAndColumn() throws IOException {
        String bad = SMALL.replace("\"bus\": \"platform\", \"driver\": \"serial8250\"}", "\"bus\": \"platform\" \"driver\": 1}");
        assertRefused(bad, "bad.json:16:", "not valid JSON");
    }

    @Test
    void unknownKeyIsRefusedWithItsPointer() throws IOException {
        String bad = SMALL.replace("\"createdByDriver\": true},\n    {\"path\": \"/devices/platform",
                "\"createdByDriver\": true, \"colour\": \"red\"},\n    {\"path\": \"/devices/platform");
        assertRefused(bad, "bad.json:15:", "at /devices/4/colour: unknown key 'colour'");
    }

    @Test
    void wrongTypeIsRefused() throws IOException {
        String bad = SMALL.replace("\"createdByDriver\": true},\n    {\"path\": \"/devices/platform",
                "\"createdByDriver\": \"yes\"},\n    {\"path\": \"/devices/platform");
        assertRefused(bad, "bad.json:15:", "at /devices/4/createdByDriver: expected true or false, found a string");
    }

    @Test
    void duplicatePathNamesBothPlaces() throws IOException {
        String bad = SMALL.replace("{\"path\": \"/devices/platform/serial8250\", \"bus\": \"platform\", \"driver\": \"serial8250\"}",
                "{\"path\": \"/devices/pci0000:00/0000:00:01.0\", \"bus\": \"platform\"}");
        assertRefused(bad, "bad.json:16:", "at /devices/5/path: duplicate path '/devices/pci0000:00/0000:00:01.0': "
                + "the device at /devices/1 (line 12) has the same path");
    }

    @Test
    void unknownParentIsRefusedByTheRegistryAndMappedToTheDevice() throws IOException {
        String bad = SMALL.replace("{\"path\": \"/devices/platform/serial8250\",",
                "{\"path\": \"/devices/platform/serial8250\", \"parent\": \"/devices/platform\",");
        assertRefused(bad, "bad.json:16:", "at /devices/5: /devices/platform/serial8250: unknown parent '/devices/platform'");
    }

    @Test
    void parentLaterInTheFileIsRefused() throws IOException {
        String bad = SMALL.replace("{\"path\": \"/devices/pci0000:00/0000:00:01.0\", \"bus\": \"pci\"",
                "{\"path\": \"/devices/pci0000:00/0000:00:01.0\", \"parent\": \"/devices/platform/serial8250\", \"bus\": \"pci\"");
        assertRefused(bad, "bad.json:12:", "at /devices/1/parent: parent '/devices/platform/serial8250' comes later in the file");
    }

    @Test
    void linkCycleIsRefusedAtTheLinkWithTheCycleNamed() throws IOException {
        String bad = SMALL.replace("\"flags\": [\"STATELESS\"]}", "\"flags\": [\"STATELESS\"]},\n    "
                + "{\"supplier\": \"/devices/pci0000:00/0000:00:01.0/0000:01:00.0\", \"consumer\": \"/devices/platform/serial8250\"}");
        assertRefused(bad, "bad.json:21:", "at /links/1: link /devices/pci0000:00/0000:00:01.0/0000:01:00.0 -> "
                + "/devices/platform/serial8250 refused: it would close the cycle /devices/platform/serial8250 -> "
                + "/devices/pci0000:00/0000:00:01.0/0000:01:00.0 (consumer) -> /devices/platform/serial8250 (new link)");
    }

    @Test
    void unknownLatencyModelIsRefused() throws IOException {
        String bad = SMALL.replace("fixed(1ms)", "gaussian(1ms)");
        assertRefused(bad, "bad.json:5:", "at /profiles/pcieport/shutdown: unknown latency model 'gaussian(1ms)'");
    }

    @Test
    void unknownLinkFlagIsRefused() throws IOException {
        String bad = SMALL.replace("[\"STATELESS\"]", "[\"STATELESS\", \"sticky\"]");
        assertRefused(bad, "bad.json:20:", "at /links/0/flags/1: unknown link flag 'sticky'");
    }

    /** Issue 7: drivercore had a flag Linux does not have; a machine file that uses it is refused, naming Linux's. */
    @Test
    void theInventedRemoveConsumerWithSupplierFlagIsRefusedNamingLinuxsFlags() throws IOException {
        String bad = SMALL.replace("[\"STATELESS\"]", "[\"remove-consumer-with-supplier\"]");
        assertRefused(bad, "bad.json:20:", "at /links/0/flags/0: unknown link flag 'remove-consumer-with-supplier' "
                + "(Linux's flags: STATELESS, AUTOREMOVE_CONSUMER, PM_RUNTIME, RPM_ACTIVE, AUTOREMOVE_SUPPLIER, "
                + "AUTOPROBE_CONSUMER, MANAGED, SYNC_STATE_ONLY, INFERRED, CYCLE)");
    }

    @Test
    void linuxsFlagNamesAreTakenWithOrWithoutTheirPrefix() throws IOException {
        loader.load(write("m.json", SMALL.replace("[\"STATELESS\"]", "[\"DL_FLAG_STATELESS\"]")), false);
        assertThat(registry.links()).singleElement().satisfies(l -> assertThat(l.flags()).contains(LinkFlag.STATELESS));
    }

    @Test
    void probeTypeAndInitcallAreProfileKeysWithLinuxsNames() throws IOException {
        String nvme = "\"nvme\": {\"bus\": \"pci\", \"async\": \"device\",";
        MachineDraft model = new MachineParser("m.json").parse(new java.io.StringReader(SMALL.replace(nvme,
                nvme + " \"probe\": \"prefer-asynchronous\", \"initcall\": \"device\",")));
        assertThat(model.profiles().get("nvme").probe()).isEqualTo(ProbeType.PREFER_ASYNCHRONOUS);
        assertThat(model.profiles().get("pcieport").probe()).isEqualTo(ProbeType.DEFAULT);
        assertThat(model.profiles().get("pcieport").initcall()).isEqualTo(InitcallLevel.DEVICE);
        assertThat(model.profiles().get("nvme").toProperties("m").get("probe")).isEqualTo("prefer-asynchronous");
        assertRefused(SMALL.replace(nvme, nvme + " \"initcall\": \"early\","), "bad.json:6:",
                "at /profiles/nvme/initcall: initcall level 'early' is unknown (expected pure, core, postcore, arch, subsys, "
                        + "fs, rootfs, device or late)");
    }

    /** SMALL with an emulated controller behind its NVMe function. */
    private static String withHardware(String shutdown) {
        return SMALL.replace("\"links\": [", "\"hardware\": {\"ssd\": {\"kind\": \"nvme\", \"shutdown\": \"" + shutdown
                + "\", \"ioQueues\": 4, \"seed\": 1}},\n  \"links\": [")
                .replace("{\"path\": \"/devices/pci0000:00/0000:00:01.0/0000:01:00.0\", \"bus\": \"pci\", \"driver\": \"nvme\"}",
                        "{\"path\": \"/devices/pci0000:00/0000:00:01.0/0000:01:00.0\", \"bus\": \"pci\", \"driver\": \"nvme\", "
                                + "\"hardware\": \"ssd\"}");
    }

    @Test
    void hardwareIsInstalledBehindItsDevicesBeforeTheyProbe() throws IOException {
        HardwareRegistry hw = new HardwareRegistry();
        new MachineLoader(registry, null, hw, Duration.ZERO).load(write("hw.json", withHardware("fixed(4500ms)")), false);
        assertThat(hw.model("/devices/pci0000:00/0000:00:01.0/0000:01:00.0", NvmeController.class)).get()
                .extracting(NvmeController::ioQueues).isEqualTo(4);
    }

    @Test
    void aBadHardwareDescriptionIsAnErrorAtItsPlaceAndNothingChanges() throws IOException {
        HardwareRegistry hw = new HardwareRegistry();
        MachineLoader l = new MachineLoader(registry, null, hw, Duration.ZERO);
        Path file = write("bad.json", withHardware("soon"));
        assertThatThrownBy(() -> l.load(file, false)).isInstanceOf(MachineException.class)
                .hasMessageStartingWith(file + ":")
                .hasMessageContaining("at /hardware/ssd: hardware 'ssd': shutdown unknown latency model 'soon'");
        assertThat(paths()).isEmpty();
        Path unknown = write("bad2.json", withHardware("fixed(1s)").replace("\"hardware\": \"ssd\"", "\"hardware\": \"hdd\""));
        assertThatThrownBy(() -> l.load(unknown, false)).hasMessageContaining("at /devices/2/hardware: unknown hardware 'hdd' "
                + "(described here: ssd)");
    }

    @Test
    void aMachineTheRegistryRefusesLeavesNoHardwareBehind() throws IOException {
        HardwareRegistry hw = new HardwareRegistry();
        MachineLoader l = new MachineLoader(registry, null, hw, Duration.ZERO);
        // A parent the registry does not know: refused after the hardware went in.
        String bad = withHardware("fixed(1s)").replace("{\"path\": \"/devices/platform/serial8250\", \"bus\": \"platform\", "
                + "\"driver\": \"serial8250\"}", "{\"path\": \"/devices/platform/serial8250\", \"bus\": \"platform\", "
                + "\"driver\": \"serial8250\", \"parent\": \"/devices/nowhere\"}");
        assertThatThrownBy(() -> l.load(write("bad.json", bad), false)).isInstanceOf(MachineException.class);
        assertThat(hw.model("/devices/pci0000:00/0000:00:01.0/0000:01:00.0", NvmeController.class)).isEmpty();
    }

    @Test
    void createdDeviceNeedsAnAncestorWithADriver() throws IOException {
        String bad = SMALL.replace("{\"path\": \"/devices/platform/serial8250\", \"bus\": \"platform\", \"driver\": \"serial8250\"}",
                "{\"path\": \"/devices/platform/serial8250\", \"bus\": \"platform\", \"driver\": \"serial8250\"},\n"
                        + "    {\"path\": \"/devices/virtual/tty/ttyS0\", \"createdByDriver\": true}");
        assertRefused(bad, "bad.json:17:", "at /devices/6/createdByDriver: no ancestor of '/devices/virtual/tty/ttyS0'");
    }

    /** A root hub with its hub interface, whose hub driver creates the child devices under the root hub. */
    static final String USB = """
            {
              "machine": "usb",
              "profiles": {"xhci_hcd": {"bus": "pci"}, "usb": {"bus": "usb"}, "hub": {"bus": "usb"}},
              "devices": [
                {"path": "/devices/pci0000:00/0000:00:14.0", "bus": "pci", "driver": "xhci_hcd"},
                {"path": "/devices/pci0000:00/0000:00:14.0/usb1", "bus": "usb", "driver": "usb", "createdByDriver": true},
                {"path": "/devices/pci0000:00/0000:00:14.0/usb1/1-0:1.0", "bus": "usb", "driver": "hub", "createdByDriver": true},
                {"path": "/devices/pci0000:00/0000:00:14.0/usb1/1-1", "bus": "usb", "driver": "usb",
                 "createdBy": "/devices/pci0000:00/0000:00:14.0/usb1/1-0:1.0"},
                {"path": "/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0", "bus": "usb", "driver": "hub", "createdByDriver": true}
              ]
            }
            """;

    private void usbDrivers() {
        fixture.busType(bus("usb"));
        fixture.driver(new CreatingDriver("xhci_hcd", "pci"));
        fixture.driver(new CreatingDriver("usb", "usb"));
        fixture.driver(new CreatingDriver("hub", "usb"));
    }

    @Test
    void createdByNamesACreatorThatIsNotTheParent() throws IOException {
        usbDrivers();
        loader.load(write("usb.json", USB), false);
        String usb1 = "/devices/pci0000:00/0000:00:14.0/usb1";

        Device child = registry.device(usb1 + "/1-1").orElseThrow();
        assertThat(child.parent().orElseThrow().path()).isEqualTo(usb1);
        assertThat(child.driver()).hasValue("usb");
        Device hubInterface = registry.device(usb1 + "/1-0:1.0").orElseThrow();
        assertThat(hubInterface.probeChildren()).extracting(DeviceSpec::path).containsExactly(usb1 + "/1-1");

        // The hub driver leaves: hub_disconnect() removes the child devices of every hub, with their subtrees;
        // the root hub and its interface stay.
        Driver hub = registry.drivers().stream().filter(d -> d.name().equals("hub")).findFirst().orElseThrow();
        fixture.removeDriver(hub);
        assertThat(paths()).containsExactly("/devices/pci0000:00/0000:00:14.0", usb1, usb1 + "/1-0:1.0");

        fixture.driver(hub);
        assertThat(paths()).contains(usb1 + "/1-1", usb1 + "/1-1/1-1:1.0");
        assertThat(registry.device(usb1 + "/1-1/1-1:1.0").orElseThrow().driver()).hasValue("hub");
    }

    @Test
    void createdByMustNameAnEarlierDeviceWithADriver() throws IOException {
        String later = USB.replace("\"createdBy\": \"/devices/pci0000:00/0000:00:14.0/usb1/1-0:1.0\"",
                "\"createdBy\": \"/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0\"");
        assertRefused(later, "bad.json:9:", "at /devices/3/createdBy: creator '/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0'"
                + " comes later in the file");
        String unknown = USB.replace("\"createdBy\": \"/devices/pci0000:00/0000:00:14.0/usb1/1-0:1.0\"",
                "\"createdBy\": \"/devices/nowhere\"");
        assertRefused(unknown, "bad.json:9:", "creator '/devices/nowhere' is not a device in the file");
        String withoutDriver = USB.replace("\"createdBy\": \"/devices/pci0000:00/0000:00:14.0/usb1/1-0:1.0\"",
                "\"createdBy\": \"/devices/pci0000:00\"").replace("\"devices\": [",
                "\"devices\": [\n    {\"path\": \"/devices/pci0000:00\"},");
        assertRefused(withoutDriver, "bad.json:", "creator '/devices/pci0000:00' records no driver");
        String itself = USB.replace("\"createdBy\": \"/devices/pci0000:00/0000:00:14.0/usb1/1-0:1.0\"",
                "\"createdBy\": \"/devices/pci0000:00/0000:00:14.0/usb1/1-1\"");
        assertRefused(itself, "bad.json:9:", "at /devices/3/createdBy: a device cannot create itself");
    }

    @Test
    void createdByNeedsAParentThatExistsWhenTheCreatorProbes() throws IOException {
        // A device under 1-1's hub interface, said to be created by the root hub's interface: when that probes,
        // 1-1:1.0 may not exist yet, so the parent is refused.
        String bad = USB.replace("{\"path\": \"/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0\", \"bus\": \"usb\", \"driver\": \"hub\", \"createdByDriver\": true}",
                "{\"path\": \"/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0\", \"bus\": \"usb\", \"driver\": \"hub\", \"createdByDriver\": true},\n"
                        + "    {\"path\": \"/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/x\", \"createdBy\": \"/devices/pci0000:00/0000:00:14.0/usb1/1-0:1.0\"}");
        assertRefused(bad, "bad.json:", "is created by the driver of '/devices/pci0000:00/0000:00:14.0/usb1/1-0:1.0' but its parent "
                + "'/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0' is neither that device, nor one of its ancestors, nor created by the same driver");
    }

    @Test
    void createdByWithCreatedByDriverFalseIsAContradiction() throws IOException {
        String bad = USB.replace("\"createdBy\": \"/devices/pci0000:00/0000:00:14.0/usb1/1-0:1.0\"}",
                "\"createdBy\": \"/devices/pci0000:00/0000:00:14.0/usb1/1-0:1.0\", \"createdByDriver\": false}");
        assertThat(bad).isNotEqualTo(USB);
        assertRefused(bad, "bad.json:9:", "'createdByDriver' cannot be false");
    }

    @Test
    void pathAlreadyRegisteredIsRefusedAndNothingChanges() throws IOException {
        loader.load(write("small.json", SMALL), false);
        List<String> before = paths();

        assertThatThrownBy(() -> loader.load(write("again.json", SMALL), false))
                .isInstanceOf(MachineException.class)
                .hasMessageStartingWith(dir.resolve("again.json") + ":11:")
                .hasMessageContaining("duplicate path: a device with this path is already registered");
        assertThat(paths()).isEqualTo(before);
    }

    @Test
    void replaceSwapsTheMachine() throws IOException {
        loader.load(write("small.json", SMALL), false);
        LoadedMachine again = loader.load(write("again.json", SMALL.replace("\"small\"", "\"again\"")), true);
        assertThat(again.name()).isEqualTo("again");
        assertThat(paths()).hasSize(6);
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> loader.load(missing, false)).isInstanceOf(MachineException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void emptyFileIsRefused() throws IOException {
        assertRefused("", "bad.json:", "the file is empty");
    }

    private void assertRefused(String json, String where, String what) throws IOException {
        List<String> before = paths();
        Path file = write("bad.json", json);
        assertThatThrownBy(() -> loader.load(file, false))
                .isInstanceOf(MachineException.class)
                .hasMessageStartingWith(dir.resolve(where).toString())
                .hasMessageContaining(what);
        assertThat(paths()).isEqualTo(before);
        assertThat(registry.links()).isEmpty();
        assertThat(loader.current()).isEmpty();
    }

    private List<String> paths() {
        return registry.devices().stream().map(Device::path).toList();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static BusType bus(String name) {
        return () -> name;
    }

    /** Binds devices recording its name and creates their recorded children, as the modelled driver does. */
    /** A driver that creates the devices the file records as created by it, as the modelled driver does. */
    record CreatingDriver(String name, String bus, ProbeType probeType, InitcallLevel initcall, boolean asyncShutdown,
            boolean perDevice) implements Driver {

        CreatingDriver(String name, String bus) {
            this(name, bus, ProbeType.DEFAULT, InitcallLevel.DEVICE, false, false);
        }

        /** With the profile's probe type, initcall level and async opt-ins. */
        static CreatingDriver of(ModelledProfile p) {
            return new CreatingDriver(p.driver(), p.bus(), p.probe(), p.initcall(),
                    p.async().contains(ModelledProfile.AsyncOptIn.DRIVER), p.async().contains(ModelledProfile.AsyncOptIn.DEVICE));
        }

        @Override
        public ProbeResult probe(Device device, ProbeContext context) {
            if (perDevice) {
                device.enableAsyncShutdown();
            }
            for (DeviceSpec child : device.probeChildren()) {
                context.addChild(child);
            }
            return ProbeResult.bound();
        }
    }
}
