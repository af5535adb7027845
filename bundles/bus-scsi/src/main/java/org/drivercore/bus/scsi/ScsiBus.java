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
 *
 * <p>The bus has no shutdown of its own ({@code scsi_bus_type} has no {@code .shutdown}; sd's is its driver's). The
 * subsystem flags hosts, targets and devices for asynchronous shutdown when it adds them (Jeffery/Hayes v18 patch
 * 5/5: {@code scsi_add_host_with_dma()}, {@code scsi_target_add()}, and one line in {@code scsi_sysfs.c} taken to be
 * the device's).
 */
@Component(service = BusType.class)
public final class ScsiBus implements BusType {

    @Override
    public String name() {
        return "scsi";
    }

    @Override
    public boolean flagsAsyncShutdown(Device device) {
        String type = device.properties().get("DEVTYPE");
        return device.bus().isPresent()
                && ("scsi_host".equals(type) || "scsi_target".equals(type) || "scsi_device".equals(type));
    }

    @Override
    public boolean match(Device device, Driver driver) {
        return "scsi_device".equals(device.properties().get("DEVTYPE")) && IdTable.matches(driver.idTable(), device);
    }
}
