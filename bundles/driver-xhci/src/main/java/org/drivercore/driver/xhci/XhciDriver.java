package org.drivercore.driver.xhci;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import org.drivercore.api.Device;
import org.drivercore.api.Driver;
import org.drivercore.api.ShutdownContext;
import org.drivercore.api.hardware.Hardware;
import org.drivercore.api.hardware.XhciController;
import org.drivercore.common.driver.HardwareDriver;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * xhci-pci ({@code drivers/usb/host/xhci-pci.c}, {@code xhci.c}, {@code drivers/usb/core/hcd-pci.c}, Linux 6.x),
 * synchronous. Its probe adds the two root hubs (USB 2 and USB 3) of the controller. Its shutdown is
 * {@code usb_hcd_pci_shutdown()} → {@code xhci_pci_shutdown()} → {@code xhci_shutdown()} → {@code xhci_halt()}: clear
 * USBCMD.R/S, then {@code xhci_handshake()} ({@code readl_poll_timeout_atomic()}, 1 us steps) reads USBSTS until
 * HCHalted, up to {@code XHCI_MAX_HALT_USEC} (32 ms, {@code xhci-ext-caps.h}; the xHCI specification gives a controller
 * 16 ms); a controller that does not halt is logged ("Host halt failed") and the shutdown goes on. Quirk workarounds (spurious wake-up resets, port power-off) are left out.
 */
@Component(service = Driver.class, configurationPid = XhciDriver.PID)
@Designate(ocd = XhciDriver.Config.class)
public final class XhciDriver extends HardwareDriver<XhciController> {

    static final String PID = "org.drivercore.driver.xhci";
    private static final Logger LOG = LoggerFactory.getLogger(XhciDriver.class);

    /** XHCI_MAX_HALT_USEC: 32 * 1000 us. */
    static final Duration MAX_HALT = Duration.ofNanos(32_000_000);
    /** xhci_handshake()'s step. */
    static final Duration HANDSHAKE_STEP = Duration.ofNanos(1_000);

    /** The driver's id table. */
    @ObjectClassDefinition(name = "drivercore xhci driver", description = "The xHCI USB host controller driver.")
    public @interface Config {
        @AttributeDefinition(name = "Id table", description = "PCI class 0C 03 30: every xHCI controller.")
        String[] ids() default { "pci:v*d*sv*sd*bc0Csc03i30*" };
    }

    @Activate
    public XhciDriver(@Reference Hardware hardware, Config config) {
        super("xhci_hcd", "pci", config.ids(), hardware, XhciController.class);
    }

    @Override
    public String shutdownModel() {
        return "xhci_halt(): USBCMD.R/S cleared, USBSTS polled for HCHalted in 1 us steps, up to 32 ms; time from the controller's hardware model";
    }

    @Override
    public CompletionStage<Void> shutdown(Device device, ShutdownContext context) {
        XhciController.Session regs = model(device).open();
        regs.writeCommand(context, regs.readCommand(context) & ~XhciController.CMD_RUN);
        return context.pollUntil(() -> (regs.readStatus(context) & XhciController.STS_HALT) != 0, HANDSHAKE_STEP, MAX_HALT)
                .thenAccept(halted -> {
                    if (!halted) {
                        context.note("Host halt failed");
                        LOG.warn("{}: Host halt failed", device.path());
                    } else {
                        context.note("halted");
                    }
                });
    }
}
