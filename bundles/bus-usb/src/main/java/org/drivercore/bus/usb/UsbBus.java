package org.drivercore.bus.usb;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.Driver;
import org.drivercore.api.IdTable;
import org.osgi.service.component.annotations.Component;

/**
 * The USB bus. As in {@code usb_device_match()}, a USB device ({@code DEVTYPE=usb_device}) is driven by
 * a device driver and an interface ({@code DEVTYPE=usb_interface}) by an interface driver: a driver's id
 * table says which with an entry {@code devtype:usb_device}; without one it drives interfaces.
 */
@Component(service = BusType.class)
public final class UsbBus implements BusType {

    static final String DEVICE_DRIVER_MARK = "devtype:usb_device";

    @Override
    public String name() {
        return "usb";
    }

    @Override
    public boolean match(Device device, Driver driver) {
        boolean isDevice = "usb_device".equals(device.properties().get("DEVTYPE"));
        boolean drivesDevices = driver.idTable().contains(DEVICE_DRIVER_MARK);
        if (isDevice != drivesDevices) {
            return false;
        }
        return drivesDevices || IdTable.matches(driver.idTable(), device);
    }
}
