package org.drivercore.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A device outside any registry, for tests of buses and drivers (shared through this module's test jar):
 * a path, name, bus, properties and recorded probe children; it remembers the async opt-in.
 */
public final class StubDevice implements Device {

    private final String path;
    private final String name;
    private final String bus;
    private final Map<String, String> properties;
    private final List<DeviceSpec> probeChildren;
    private boolean async;
    private Device parent;

    public StubDevice(String path, String name, String bus, Map<String, String> properties, List<DeviceSpec> probeChildren) {
        this.path = path;
        this.name = name;
        this.bus = bus;
        this.properties = Map.copyOf(properties);
        this.probeChildren = List.copyOf(probeChildren);
    }

    /** A device named after the last segment of its path. */
    public static StubDevice at(String path, String bus, Map<String, String> properties) {
        return new StubDevice(path, path.substring(path.lastIndexOf('/') + 1), bus, properties, List.of());
    }

    /** A device with the given name, for matching by name. */
    public static StubDevice named(String name, String bus, Map<String, String> properties) {
        return new StubDevice("/devices/" + name, name, bus, properties, List.of());
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<String> bus() {
        return Optional.ofNullable(bus);
    }

    /** The same device under a parent (for drivers that look up their device's ancestry). */
    public StubDevice withParent(Device p) {
        this.parent = p;
        return this;
    }

    @Override
    public Optional<Device> parent() {
        return Optional.ofNullable(parent);
    }

    @Override
    public List<Device> children() {
        return List.of();
    }

    @Override
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public Optional<String> recordedDriver() {
        return Optional.empty();
    }

    @Override
    public Optional<String> driver() {
        return Optional.empty();
    }

    @Override
    public Optional<Driver> boundDriver() {
        return Optional.empty();
    }

    @Override
    public DeviceState state() {
        return DeviceState.PROBING;
    }

    @Override
    public Optional<String> stateReason() {
        return Optional.empty();
    }

    @Override
    public boolean isAsyncShutdownEnabled() {
        return async;
    }

    @Override
    public void enableAsyncShutdown() {
        async = true;
    }

    @Override
    public boolean isSubsystemAsyncShutdown() {
        return false;
    }

    @Override
    public List<DeviceLink> supplierLinks() {
        return List.of();
    }

    @Override
    public List<DeviceLink> consumerLinks() {
        return List.of();
    }

    @Override
    public List<DeviceSpec> probeChildren() {
        return probeChildren;
    }
}
