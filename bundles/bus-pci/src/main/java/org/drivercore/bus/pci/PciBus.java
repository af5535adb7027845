package org.drivercore.bus.pci;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.Driver;
import org.drivercore.api.ShutdownContext;
import org.drivercore.api.ShutdownMode;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The PCI bus. A driver's id table holds modalias globs ({@code pci:v00008086d*sv*sd*bc01sc08i02*} for an NVMe-class
 * device), matched against the device's {@code MODALIAS} as {@code pci_match_device()} does with vendor, device and
 * class ids.
 *
 * <p>Its shutdown is Linux's {@code pci_device_shutdown()} ({@code drivers/pci/pci-driver.c}), the bus's hook, so it
 * runs for every PCI device, bound or not: runtime resume (nothing to emulate), the driver's {@code shutdown} if it
 * has one, then, only when a kexec is in progress, {@code pci_clear_master()}. The subsystem flags every PCI function
 * and host bridge for asynchronous shutdown when it adds them ({@code dev_set_async_shutdown()} in
 * {@code pci_device_add()} and {@code pci_register_host_bridge()}, Jeffery/Hayes v18 patch 4/5), and the seed (Tanjore
 * Suresh's v3, patch 2/3) gave the PCI bus the {@code async_shutdown_start}/{@code end} hooks.
 */
@Component(service = BusType.class)
public final class PciBus implements BusType {

    static final String NAME = "pci";
    /** A host bridge's device: {@code pci0000:00}, a PCI domain and root bus number; it has no bus itself. */
    private static final Pattern HOST_BRIDGE = Pattern.compile("pci[0-9a-f]{4}:[0-9a-f]{2}");

    /**
     * False once SCR deactivated the bus (its bundle stopping): the registry must not call its hook any more, and a
     * call that still came would run a stopped bundle's code. It fails, so that a trace shows it.
     */
    private volatile boolean active = true;

    @Deactivate
    void deactivate() {
        active = false;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean flagsAsyncShutdown(Device device) {
        return device.bus().map(NAME::equals).orElseGet(() -> HOST_BRIDGE.matcher(device.name()).matches());
    }

    @Override
    public boolean hasAsyncShutdownHooks() {
        return true;
    }

    @Override
    public boolean hasShutdown() {
        return true;
    }

    @Override
    public CompletionStage<Void> shutdown(Device device, Driver driver, ShutdownContext context) {
        if (!active) {
            return CompletableFuture.failedFuture(new IllegalStateException("the PCI bus's shutdown hook called after "
                    + "it was deactivated (its bundle stopped)"));
        }
        CompletionStage<Void> work = driver != null && driver.hasShutdown() ? driver.shutdown(device, context) : null;
        if (work == null) {
            work = CompletableFuture.completedFuture(null);
        }
        return work.thenRun(() -> {
            if (context.mode() == ShutdownMode.KEXEC) {
                // "If this is a kexec reboot, turn off Bus Master bit on the device to tell it to not continue to do DMA."
                context.note("pci_clear_master(): bus mastering off (kexec in progress)");
            }
        });
    }
}
