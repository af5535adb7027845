package org.drivercore.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A device driver (Linux's {@code struct device_driver}), registered as a whiteboard service. The
 * registry binds it to matching devices on its bus when it arrives and unbinds them when it leaves.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface Driver {

    /** The driver's name, unique on its bus. */
    String name();

    /** The bus this driver serves. */
    String bus();

    /**
     * Ids this driver supports, matched by the bus against a device's {@code MODALIAS} (glob patterns with
     * {@code *} and {@code ?}, as in {@code modules.alias}), {@code OF_COMPATIBLE_*} or name.
     */
    default List<String> idTable() {
        return List.of();
    }

    /** Binds the device: bound, deferred or failed. Devices created here go through the context. */
    ProbeResult probe(Device device, ProbeContext context);

    /**
     * Unbinds the device. What the probe created through the context has already been removed by the registry
     * (children first, as everywhere else), and the device's managed consumers unbound.
     */
    default void remove(Device device) {
    }

    /** Whether the driver has a shutdown callback at all (a device without any is ordering-only). */
    default boolean hasShutdown() {
        return true;
    }

    /**
     * What the driver's shutdown does and what its time depends on, in one line for people ({@code dc:drivers},
     * {@code dc:device}): the kernel functions it emulates and its latency model.
     *
     * @since 2.3
     */
    default String shutdownModel() {
        return hasShutdown() ? "a shutdown callback (no model described)" : "none";
    }

    /**
     * Shuts the device down. Waiting (for a controller to report that it is done) goes through the
     * context, never {@code Thread.sleep}, so that a virtual clock can drive it and a strategy can choose
     * whether the wait holds a thread. A driver that gives up waiting for its hardware completes the stage with a
     * {@link java.util.concurrent.TimeoutException}: the device's outcome is then "timed out", and the shutdown goes
     * on; any other failure is "failed".
     */
    default CompletionStage<Void> shutdown(Device device, ShutdownContext context) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The driver-wide async-shutdown opt-in: Hayes v8's {@code async_shutdown_enable} in
     * {@code struct device_driver} (nvme-pci set it, ba82e10c3c6b).
     */
    default boolean asyncShutdown() {
        return false;
    }

    /** How the driver probes: nvme and sd prefer asynchronous probing ({@code PROBE_PREFER_ASYNCHRONOUS}). */
    default ProbeType probeType() {
        return ProbeType.DEFAULT;
    }

    /** When the driver registers during a boot: a built-in {@code module_init()} driver registers at DEVICE. */
    default InitcallLevel initcall() {
        return InitcallLevel.DEVICE;
    }
}
