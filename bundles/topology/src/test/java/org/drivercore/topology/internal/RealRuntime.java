package org.drivercore.topology.internal;

import java.time.Duration;
import java.util.Map;

import org.drivercore.api.Configs;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.LoadedMachine;
import org.drivercore.api.ModelledProfile;
import org.drivercore.bus.generic.GenericBus;
import org.drivercore.bus.pci.PciBus;
import org.drivercore.bus.platform.PlatformBus;
import org.drivercore.bus.scsi.ScsiBus;
import org.drivercore.bus.usb.UsbBus;
import org.drivercore.core.internal.RegistryFixture;
import org.drivercore.driver.ahci.AhciDriver;
import org.drivercore.driver.i40e.I40eDriver;
import org.drivercore.driver.nvme.NvmeDriver;
import org.drivercore.driver.pcieport.PciePortDriver;
import org.drivercore.driver.sd.SdDriver;
import org.drivercore.driver.usb.hub.HubDriver;
import org.drivercore.driver.usb.storage.UsbStorageDriver;
import org.drivercore.driver.xhci.XhciDriver;
import org.drivercore.hardware.internal.HardwareRegistry;

/**
 * The runtime a machine boots on outside OSGi, as the distribution wires it: the four hand-written buses, a generic
 * bus for each bus the machine asks for, the driver bundles over the emulated hardware, and the modelled driver (a
 * creating driver here) for each profile, ranked below the bundles as it is in Felix.
 */
final class RealRuntime {

    final RegistryFixture fixture = new RegistryFixture();
    final DeviceRegistry registry = fixture.registry();
    final HardwareRegistry hardware = new HardwareRegistry();
    /** The machine service, without Config Admin: {@link #load} serves what it would ask for. */
    final MachineLoader loader = new MachineLoader(registry, null, hardware, Duration.ZERO);

    RealRuntime() {
        fixture.busType(new PciBus());
        fixture.busType(new UsbBus());
        fixture.busType(new ScsiBus());
        fixture.busType(new PlatformBus());
        fixture.driver(new NvmeDriver(hardware, Configs.defaults(NvmeDriver.Config.class)));
        fixture.driver(new PciePortDriver(Configs.defaults(PciePortDriver.Config.class)));
        fixture.driver(new AhciDriver(hardware, Configs.defaults(AhciDriver.Config.class)));
        fixture.driver(new SdDriver(hardware, Configs.defaults(SdDriver.Config.class)));
        fixture.driver(new XhciDriver(hardware, Configs.defaults(XhciDriver.Config.class)));
        fixture.driver(new HubDriver(Configs.defaults(HubDriver.Config.class)));
        fixture.driver(new UsbStorageDriver(Configs.defaults(UsbStorageDriver.Config.class)));
        fixture.driver(new I40eDriver(hardware, Configs.defaults(I40eDriver.Config.class)));
    }

    /** Serves what the draft asks of Config Admin in Felix (its buses and profiles), then loads it. */
    LoadedMachine load(MachineDraft draft) {
        for (String bus : draft.buses()) {
            fixture.busType(new GenericBus(Configs.of(GenericBus.Config.class, Map.of("bus_name", bus))));
        }
        draft.profiles().values().forEach(p -> fixture.driver(MachineLoaderTest.CreatingDriver.of(p),
                ModelledProfile.FALLBACK_RANKING));
        return loader.load(draft, false);
    }
}
