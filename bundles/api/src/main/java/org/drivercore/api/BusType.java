package org.drivercore.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A bus type (Linux's {@code struct bus_type}), registered as a whiteboard service. Its {@code probe},
 * {@code remove} and {@code shutdown} hooks take precedence over the driver's, as in Linux; the defaults
 * call the driver's own.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface BusType {

    /**
     * The factory PID of the generic bus bundle's configurations: one bus type for each, named by
     * {@value #GENERIC_BUS_NAME}. A machine asks for the buses it needs beyond the hand-written bus bundles this way.
     */
    String GENERIC_FACTORY_PID = "org.drivercore.bus.generic";
    /** The property of a generic bus configuration that names its bus. */
    String GENERIC_BUS_NAME = "bus.name";

    /** The bus name devices and drivers name, e.g. {@code pci}. */
    String name();

    /**
     * Whether the driver can drive the device. The registry asks only for drivers of this bus and only
     * for devices without a recorded driver name (those bind by name, like {@code driver_override}).
     * The default matches the device's {@code MODALIAS} or name against the driver's id table.
     */
    default boolean match(Device device, Driver driver) {
        return IdTable.matches(driver.idTable(), device);
    }

    /** Probes the device with the driver; the default calls the driver's probe. */
    default ProbeResult probe(Device device, Driver driver, ProbeContext context) {
        return driver.probe(device, context);
    }

    /** Unbinds the driver from the device; the default calls the driver's remove. */
    default void remove(Device device, Driver driver) {
        driver.remove(device);
    }

    /**
     * Whether the bus's subsystem flags the device for asynchronous shutdown when it creates it, as v18 calls
     * {@code dev_set_async_shutdown()} in {@code pci_device_add()} and {@code pci_register_host_bridge()} and for SCSI
     * hosts and targets. Asked for the devices on this bus and for devices without a bus (a PCI host bridge); the
     * flag is never cleared. The default flags nothing.
     */
    default boolean flagsAsyncShutdown(Device device) {
        return false;
    }

    /**
     * Whether the bus has the seed's (Tanjore Suresh's v3, 2022) {@code async_shutdown_start} and
     * {@code async_shutdown_end} hooks, through which a driver that opted in shuts down in two passes.
     */
    default boolean hasAsyncShutdownHooks() {
        return false;
    }

    /** Whether this bus has its own shutdown hook, which then replaces the driver's. */
    default boolean hasShutdown() {
        return false;
    }

    /**
     * The bus's shutdown hook; called only when {@link #hasShutdown()} is true, for every device on the bus,
     * bound or not: {@code driver} is null for a device without one.
     */
    default CompletionStage<Void> shutdown(Device device, Driver driver, ShutdownContext context) {
        return CompletableFuture.completedFuture(null);
    }
}
