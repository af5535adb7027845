package org.drivercore.driver.pcieport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.drivercore.api.Device;
import org.drivercore.api.Driver;
import org.drivercore.api.ShutdownContext;
import org.drivercore.common.driver.TableDriver;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The PCIe port services driver ({@code drivers/pci/pcie/portdrv.c}, Linux 6.x), synchronous. Its shutdown,
 * {@code pcie_portdrv_shutdown()}, forbids runtime PM on a port that may go to D3, unregisters the port service devices
 * (AER, PME, hot-plug, DPC) and frees the port's IRQ vectors: configuration writes and no wait on the hardware, so it
 * completes at once. The bus hook around it ({@code pci_device_shutdown()}) is the PCI bus bundle's.
 */
@Component(service = Driver.class, configurationPid = PciePortDriver.PID)
@Designate(ocd = PciePortDriver.Config.class)
public final class PciePortDriver extends TableDriver {

    static final String PID = "org.drivercore.driver.pcieport";

    /** The driver's id table. */
    @ObjectClassDefinition(name = "drivercore pcieport driver", description = "The PCIe port services driver.")
    public @interface Config {
        @AttributeDefinition(name = "Id table", description = "PCI class 06 04 00: every PCI-to-PCI bridge "
                + "(port_pci_ids also takes the subtractive-decode bridges, 06 04 01, left out here).")
        String[] ids() default { "pci:v*d*sv*sd*bc06sc04i00*" };
    }

    @Activate
    public PciePortDriver(Config config) {
        super("pcieport", "pci", config.ids());
    }

    @Override
    public String shutdownModel() {
        return "pcie_portdrv_shutdown(): port services unregistered, IRQ vectors freed; no wait on the hardware (0 s)";
    }

    @Override
    public CompletionStage<Void> shutdown(Device device, ShutdownContext context) {
        context.note("pcie_portdrv_shutdown(): port services unregistered, IRQ vectors freed");
        return CompletableFuture.completedFuture(null);
    }
}
