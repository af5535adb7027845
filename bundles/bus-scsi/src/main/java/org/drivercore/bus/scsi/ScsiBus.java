package org.drivercore.bus.scsi;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.Driver;
import org.drivercore.api.IdTable;
import org.osgi.service.component.annotations.Component;

/**
 * The SCSI bus. As {@code scsi_bus_match()}: only SCSI devices ({@code DEVTYPE=scsi_device}) bind to
 * drivers; hosts and targets are bus members that no driver binds. Upper-level drivers match the device
 * type through the {@code MODALIAS} ({@code scsi:t-0x00} for a disk).
 */
@Component(service = BusType.class)
public final class ScsiBus implements BusType {

    @Override
    public String name() {
        return "scsi";
    }

    @Override
    public boolean match(Device device, Driver driver) {
        return "scsi_device".equals(device.properties().get("DEVTYPE")) && IdTable.matches(driver.idTable(), device);
    }
}
