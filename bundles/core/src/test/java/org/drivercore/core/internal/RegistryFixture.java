package org.drivercore.core.internal;

import org.drivercore.api.BusType;
import org.drivercore.api.DeviceClass;
import org.drivercore.api.DeviceListener;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.Driver;

/**
 * The real registry for the tests of other bundles (shared through this module's test jar): its whiteboard,
 * which SCR drives in OSGi, driven by hand. Bus types, classes and drivers registered here come from no bundle.
 */
public final class RegistryFixture {

    private final DeviceCore core = new DeviceCore();

    /** The registry, as a bundle sees it through the service. */
    public DeviceRegistry registry() {
        return core;
    }

    public RegistryFixture busType(BusType busType) {
        core.bindBusType(busType);
        return this;
    }

    public RegistryFixture removeBusType(BusType busType) {
        core.unbindBusType(busType);
        return this;
    }

    public RegistryFixture driver(Driver driver) {
        core.bindDriver(driver);
        return this;
    }

    /** A driver with a service ranking, as a driver service of a bundle would have. */
    public RegistryFixture driver(Driver driver, int ranking) {
        core.bindDriver(driver, ranking);
        return this;
    }

    public RegistryFixture removeDriver(Driver driver) {
        core.unbindDriver(driver);
        return this;
    }

    public RegistryFixture deviceClass(DeviceClass deviceClass) {
        core.bindDeviceClass(deviceClass);
        return this;
    }

    public RegistryFixture removeDeviceClass(DeviceClass deviceClass) {
        core.unbindDeviceClass(deviceClass);
        return this;
    }

    public RegistryFixture listener(DeviceListener listener) {
        core.bindListener(listener);
        return this;
    }
}
