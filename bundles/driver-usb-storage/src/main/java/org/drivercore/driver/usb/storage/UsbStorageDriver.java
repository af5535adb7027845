package org.drivercore.driver.usb.storage;

import org.drivercore.api.Driver;
import org.drivercore.common.driver.TableDriver;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * usb-storage ({@code drivers/usb/storage/usb.c}), the USB mass-storage interface driver. Its probe adds a SCSI host
 * (Linux scans it from delayed work, {@code usb_stor_scan_dwork()}; here the probe adds what the file records, the host
 * and what the scan finds). {@code usb_storage_driver} has no shutdown callback: the disk behind it is flushed by sd.
 */
@Component(service = Driver.class, configurationPid = UsbStorageDriver.PID)
@Designate(ocd = UsbStorageDriver.Config.class)
public final class UsbStorageDriver extends TableDriver {

    static final String PID = "org.drivercore.driver.usb.storage";

    /** The driver's id table. */
    @ObjectClassDefinition(name = "drivercore usb-storage driver", description = "The USB mass-storage driver.")
    public @interface Config {
        @AttributeDefinition(name = "Id table", description = "Interface class 08, subclass 06 (SCSI transparent), "
                + "protocol 50 (bulk-only): the usual mass-storage device (usb_storage_usb_ids has many more).")
        String[] ids() default { "usb:v*p*d*dc*dsc*dp*ic08isc06ip50in*" };
    }

    @Activate
    public UsbStorageDriver(Config config) {
        super("usb-storage", "usb", config.ids());
    }

    @Override
    public boolean hasShutdown() {
        return false;
    }
}
