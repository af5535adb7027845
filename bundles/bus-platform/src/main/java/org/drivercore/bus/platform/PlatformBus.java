package org.drivercore.bus.platform;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.Driver;
import org.drivercore.api.IdTable;
import org.drivercore.api.ShutdownContext;
import org.osgi.service.component.annotations.Component;

/**
 * The platform bus. Like Linux's {@code platform_match()}: a device-tree {@code compatible} or id-table
 * entry first, then the driver's name against the device's name without its instance suffix
 * ({@code serial8250.0} → {@code serial8250}, {@code alarmtimer.0.auto} → {@code alarmtimer}).
 *
 * <p>Its shutdown is the bus's hook, {@code platform_shutdown()} ({@code drivers/base/platform.c}): the bound driver's
 * {@code shutdown} if it has one, nothing for a device without a driver.
 */
@Component(service = BusType.class)
public final class PlatformBus implements BusType {

    static final String NAME = "platform";
    private static final Pattern INSTANCE_SUFFIX = Pattern.compile("\\.\\d+(\\.auto)?$");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean match(Device device, Driver driver) {
        return IdTable.matches(driver.idTable(), device) || driver.name().equals(baseName(device.name()));
    }

    @Override
    public boolean hasShutdown() {
        return true;
    }

    @Override
    public CompletionStage<Void> shutdown(Device device, Driver driver, ShutdownContext context) {
        if (driver == null || !driver.hasShutdown()) {
            return CompletableFuture.completedFuture(null);
        }
        return driver.shutdown(device, context);
    }

    static String baseName(String deviceName) {
        return INSTANCE_SUFFIX.matcher(deviceName).replaceFirst("");
    }
}
