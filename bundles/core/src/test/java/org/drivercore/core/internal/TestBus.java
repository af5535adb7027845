package org.drivercore.core.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiPredicate;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.Driver;

/** A bus type for tests: the default id-table match unless one is given; records every match it is asked. */
final class TestBus implements BusType {

    private final String name;
    private final BiPredicate<Device, Driver> match;
    /** "device-path driver-name" for every match call. */
    final List<String> matchCalls = new CopyOnWriteArrayList<>();

    TestBus(String name) {
        this(name, null);
    }

    TestBus(String name, BiPredicate<Device, Driver> match) {
        this.name = name;
        this.match = match;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean match(Device device, Driver driver) {
        matchCalls.add(device.path() + " " + driver.name());
        return match == null ? BusType.super.match(device, driver) : match.test(device, driver);
    }

    @Override
    public String toString() {
        return "bus " + name;
    }
}
