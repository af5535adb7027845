package org.drivercore.common.driver;

import java.util.List;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.Driver;
import org.drivercore.api.ProbeContext;
import org.drivercore.api.ProbeResult;

/**
 * What every driver bundle's driver has, as {@code struct device_driver} has it: a name, a bus, an id table (from the
 * driver's configuration, so an administrator can change what it matches) and a probe that adds the devices the
 * machine file records as created by it. A driver adds its shutdown and, where it differs, its probe.
 */
public abstract class TableDriver implements Driver {

    private final String name;
    private final String bus;
    private final List<String> ids;

    protected TableDriver(String name, String bus, String[] ids) {
        this.name = name;
        this.bus = bus;
        this.ids = List.of(ids);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String bus() {
        return bus;
    }

    @Override
    public final List<String> idTable() {
        return ids;
    }

    @Override
    public ProbeResult probe(Device device, ProbeContext context) {
        addRecordedChildren(device, context);
        return ProbeResult.bound();
    }

    /**
     * Adds the devices the machine file records as created by this probe, in their order, each with its parent (the
     * probed device or one created before).
     */
    protected static void addRecordedChildren(Device device, ProbeContext context) {
        for (DeviceSpec child : device.probeChildren()) {
            context.addChild(child);
        }
    }

    /** The driver and the bundle it comes from (each driver bundle is named after its driver's package). */
    @Override
    public String toString() {
        return name + " driver (bundle " + getClass().getPackageName() + ")";
    }
}
