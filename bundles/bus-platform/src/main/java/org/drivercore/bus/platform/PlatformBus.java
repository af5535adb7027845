package org.drivercore.bus.platform;

import java.util.regex.Pattern;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.Driver;
import org.drivercore.api.IdTable;
import org.osgi.service.component.annotations.Component;

/**
 * The platform bus. Like Linux's {@code platform_match()}: a device-tree {@code compatible} or id-table
 * entry first, then the driver's name against the device's name without its instance suffix
 * ({@code serial8250.0} → {@code serial8250}, {@code alarmtimer.0.auto} → {@code alarmtimer}).
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

    static String baseName(String deviceName) {
        return INSTANCE_SUFFIX.matcher(deviceName).replaceFirst("");
    }
}
