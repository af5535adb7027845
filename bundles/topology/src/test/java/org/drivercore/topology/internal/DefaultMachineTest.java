package org.drivercore.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.DeviceState;
import org.drivercore.api.Driver;
import org.drivercore.api.InitcallLevel;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.LoadedMachine;
import org.drivercore.api.ModelledProfile;
import org.drivercore.api.ProbeType;
import org.drivercore.core.internal.RegistryFixture;
import org.drivercore.driver.nvme.NvmeDriver;
import org.drivercore.driver.pcieport.PciePortDriver;
import org.drivercore.topology.internal.MachineLoaderTest.CreatingDriver;
import org.drivercore.topology.internal.json.MachineParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded default machine, booted on the real buses with a driver for each of its profiles (their probe types,
 * initcall levels and async opt-ins): it loads whole, binds whole, and its list is a boot's.
 */
class DefaultMachineTest {

    private static final String NVME0 = "/devices/pci0000:17/0000:17:00.0/0000:18:00.0/0000:19:08.0/0000:1a:00.0";
    private static final String PORT_OF_NVME0 = "/devices/pci0000:17/0000:17:00.0/0000:18:00.0/0000:19:08.0";

    private MachineModel model;
    private RegistryFixture fixture;
    private DeviceRegistry registry;
    private LoadedMachine loaded;

    @BeforeEach
    void boot() throws Exception {
        try (Reader r = new InputStreamReader(
                MachineLoader.class.getResourceAsStream("/org/drivercore/topology/default-machine.json"), StandardCharsets.UTF_8)) {
            model = MachineAssembler.assemble(new MachineParser("default").parse(r));
        }
        // The driver bundles, as SCR makes them, over the hardware the machine describes; the modelled driver (a
        // creating driver here) for the names that have no bundle.
        RealRuntime runtime = new RealRuntime();
        fixture = runtime.fixture;
        registry = runtime.registry;
        model.profiles().values().forEach(p -> fixture.driver(CreatingDriver.of(p), ModelledProfile.FALLBACK_RANKING));
        loaded = runtime.loader.loadDefault(false);
    }

    @Test
    void loadsWholeAndEveryDeviceWithARecordedDriverBinds() {
        assertThat(loaded.name()).isEqualTo("storage-server");
        List<Device> devices = registry.devices();
        assertThat(devices).hasSize(loaded.devices() + loaded.createdByDrivers());
        assertThat(devices).filteredOn(d -> d.recordedDriver().isPresent())
                .allSatisfy(d -> assertThat(d.state()).as(d.path()).isEqualTo(DeviceState.BOUND));
        assertThat(devices).filteredOn(d -> d.driver().equals(Optional.of("nvme"))).hasSize(16);
        assertThat(devices).filteredOn(d -> d.name().matches("nvme\\d+n1")).hasSize(16);
        assertThat(model.described().get("pm1733").spec().param("source")).get().asString()
                .contains("20220517220816.1635044-1-tansuresh@google.com");
        assertThat(loaded.devices()).isEqualTo(63);
        assertThat(loaded.createdByDrivers()).isEqualTo(84);
        // Bound by the driver bundles wherever one exists.
        assertThat(registry.device(NVME0).orElseThrow().boundDriver()).get().isInstanceOf(NvmeDriver.class);
        assertThat(registry.device(PORT_OF_NVME0).orElseThrow().boundDriver()).get().isInstanceOf(PciePortDriver.class);
        assertThat(registry.device("/devices/platform/MSFT0101:00/tpm/tpm0").orElseThrow().deviceClass()).hasValue("tpm");
    }

    @Test
    void theProfilesSayHowEachDriverProbesAndWhenItRegisters() {
        assertThat(model.profiles().get("usb").initcall()).isEqualTo(InitcallLevel.SUBSYS);
        assertThat(model.profiles().get("reg-dummy").initcall()).isEqualTo(InitcallLevel.CORE);
        assertThat(model.profiles().get("tpm_tis").initcall()).isEqualTo(InitcallLevel.DEVICE);
        assertThat(model.profiles().get("tpm_tis").probe()).isEqualTo(ProbeType.DEFAULT);
        assertThat(model.profiles()).as("drivers with a bundle of their own have no profile").doesNotContainKeys("nvme",
                "pcieport", "ahci", "sd", "xhci_hcd", "hub", "i40e");
        assertThat(model.linkOrder()).startsWith("reg-dummy", "hub", "usb", "pcieport").contains("sd", "nvme", "ahci");
    }

    /**
     * Issue 7: the devices a driver creates stood right behind their creator. In a boot, nvme probes from async work
     * after everything probed synchronously, so each controller's class device and namespace stand at the tail, behind
     * the USB and SATA devices the synchronous probes created; sd's disks come after them, in their probe order.
     */
    @Test
    void theListIsABootsAsyncProbesCreateAtTheTail() {
        List<String> paths = registry.devices().stream().map(Device::path).toList();
        int firstNvmeClass = index(paths, NVME0 + "/nvme/nvme0");
        assertThat(paths.subList(firstNvmeClass, paths.size()))
                .allMatch(p -> p.contains("/nvme/") || p.contains("/block/sd"));
        assertThat(paths.subList(firstNvmeClass, paths.size())).filteredOn(p -> p.contains("/block/sd")).hasSize(5);
        assertThat(index(paths, "/devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda"))
                .isGreaterThan(index(paths, "/devices/pci0000:ae/0000:ae:00.0/0000:af:00.0/0000:b0:0b.0/0000:b4:00.0/nvme/nvme15"));
        // A synchronous probe's children stand behind everything enumerated: the root hub behind the last platform device.
        assertThat(index(paths, "/devices/pci0000:00/0000:00:14.0/usb1"))
                .isGreaterThan(index(paths, "/devices/platform/efi-framebuffer.0"));
        assertThat(index(paths, PORT_OF_NVME0)).isLessThan(index(paths, NVME0));
        parentsAndSuppliersFirst();
    }

    /** v18's flags are the subsystem's: every PCI function and host bridge, every SCSI host, target and device. */
    @Test
    void theSubsystemsFlagTheirDevicesWhateverTheDriver() {
        assertThat(registry.device("/devices/pci0000:00").orElseThrow().isSubsystemAsyncShutdown()).isTrue();
        assertThat(registry.device(PORT_OF_NVME0).orElseThrow().isSubsystemAsyncShutdown()).isTrue();
        assertThat(registry.device("/devices/pci0000:00/0000:00:17.0/ata1/host0").orElseThrow().isSubsystemAsyncShutdown())
                .isTrue();
        assertThat(registry.device("/devices/pci0000:00/0000:00:17.0/ata1").orElseThrow().isSubsystemAsyncShutdown()).isFalse();
        assertThat(registry.device("/devices/platform/i8042").orElseThrow().isSubsystemAsyncShutdown()).isFalse();
        Device nvme = registry.device(NVME0).orElseThrow();
        assertThat(nvme.boundDriver().orElseThrow().asyncShutdown()).as("nvme's driver flag (v8, ba82e10c3c6b)").isTrue();
        assertThat(nvme.isAsyncShutdownEnabled()).as("and its probe's per-device flag").isTrue();
    }

    /** A sync-state-only link lives until its consumer binds (device_links_driver_bound()); the others stay. */
    @Test
    void theSyncStateOnlyLinkIsDroppedWhenItsConsumerBinds() {
        assertThat(loaded.links()).isEqualTo(3);
        assertThat(registry.links()).hasSize(2).noneMatch(l -> l.flags().contains(LinkFlag.SYNC_STATE_ONLY));
    }

    /**
     * Issue 7: a driver that bound late moved its devices behind their children (the pre-4.18 probe move); stopping
     * and starting the pcieport driver put the bridges behind their NVMe functions. Now the list keeps its order.
     */
    @Test
    void aDriverThatLeavesAndComesBackLeavesTheListInOrder() {
        for (String name : List.of("pcieport", "nvme", "xhci_hcd", "ahci", "hub", "i40e")) {
            List<String> before = registry.devices().stream().map(Device::path).toList();
            Driver d = registry.drivers().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
            fixture.removeDriver(d);
            fixture.driver(d);
            assertThat(registry.devices()).as(name).hasSize(before.size());
            assertThat(registry.devices()).filteredOn(x -> x.recordedDriver().isPresent())
                    .allSatisfy(x -> assertThat(x.state()).as(x.path()).isEqualTo(DeviceState.BOUND));
            parentsAndSuppliersFirst();
        }
        List<String> paths = registry.devices().stream().map(Device::path).toList();
        assertThat(index(paths, PORT_OF_NVME0)).isLessThan(index(paths, NVME0));
    }

    @Test
    void theHubDriversChildrenGoAndComeBackWithIt() {
        String usb1 = "/devices/pci0000:00/0000:00:14.0/usb1";
        int size = registry.devices().size();
        Driver hub = registry.drivers().stream().filter(d -> d.name().equals("hub")).findFirst().orElseThrow();
        fixture.removeDriver(hub);
        assertThat(registry.devices()).extracting(Device::path).filteredOn(p -> p.startsWith(usb1 + "/"))
                .containsExactly(usb1 + "/1-0:1.0");
        fixture.driver(hub);
        assertThat(registry.devices()).hasSize(size);
    }

    /** Linux's invariant: a parent, and the supplier of a link that orders, precede their dependents. */
    private void parentsAndSuppliersFirst() {
        List<Device> devices = registry.devices();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < devices.size(); i++) {
            index.put(devices.get(i).path(), i);
        }
        assertThat(devices).allSatisfy(d -> d.parent().ifPresent(
                p -> assertThat(index.get(p.path())).as(d.path()).isLessThan(index.get(d.path()))));
        assertThat(registry.links()).filteredOn(l -> !LinkFlag.isSyncStateOnly(l.flags())).allSatisfy(
                l -> assertThat(index.get(l.supplierPath())).as(l.toString()).isLessThan(index.get(l.consumerPath())));
    }

    private static int index(List<String> paths, String path) {
        int i = paths.indexOf(path);
        assertThat(i).as(path).isNotNegative();
        return i;
    }
}
