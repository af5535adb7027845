package org.drivercore.api.shutdown;

import java.util.Optional;

import org.drivercore.api.Device;
import org.drivercore.api.Driver;
import org.drivercore.api.EnumNames;

/** Who made a device shut down asynchronously. */
public enum AsyncSource {
    /** The device itself, flagged in probe (the seed's {@code device_enable_async_shutdown()}). */
    DEVICE,
    /** Its driver, driver-wide (Hayes v8's {@code async_shutdown_enable} in {@code struct device_driver}). */
    DRIVER,
    /** The global switch: every device with shutdown work ({@link AsyncPolicy#ALL}). */
    ALL;

    /**
     * A device's opt-in: its own flag first, then its bound driver's driver-wide one; empty for neither. The one
     * place that says how the two opt-ins combine (the shell shows it, the graph snapshot resolves it).
     */
    public static Optional<AsyncSource> optIn(Device device, Optional<Driver> driver) {
        if (device.isAsyncShutdownEnabled()) {
            return Optional.of(DEVICE);
        }
        return driver.filter(Driver::asyncShutdown).map(d -> DRIVER);
    }

    /** {@code device}, {@code driver} or {@code all}. */
    public String externalName() {
        return EnumNames.external(this);
    }
}
