package org.drivercore.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A device class (Linux's {@code struct class}: {@code block}, {@code net}, {@code tpm}…), registered as a
 * whiteboard service. A class device is a device without a bus whose {@code SUBSYSTEM} property names the
 * class, as udev records it (see {@link Device#deviceClass()}).
 * <p>
 * Its only part in drivercore is {@code shutdown_pre}: {@code device_shutdown()} calls the class's hook
 * first, before the bus's or the driver's shutdown, for every device of the class (the TPM class sends
 * {@code TPM2_Shutdown} there, whether the chip device has a driver or not).
 */
@org.osgi.annotation.versioning.ConsumerType
public interface DeviceClass {

    /** The class name, as a class device's {@code SUBSYSTEM} property gives it, e.g. {@code tpm}. */
    String name();

    /** Whether the class has a {@code shutdown_pre} hook. */
    default boolean hasShutdownPre() {
        return false;
    }

    /**
     * The class's {@code shutdown_pre}; called only when {@link #hasShutdownPre()} is true, before the bus's
     * or driver's shutdown of the same device. Waits go through the context, as a driver's do.
     */
    default CompletionStage<Void> shutdownPre(Device device, ShutdownContext context) {
        return CompletableFuture.completedFuture(null);
    }
}
