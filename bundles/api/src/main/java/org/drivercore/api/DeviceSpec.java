package org.drivercore.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What is needed to add a device. The parent is either given, or implied by the path: the nearest
 * ancestor path that is a registered device (as udev finds it), or none.
 *
 * @param path           the unique devpath, starting with {@code /}
 * @param name           the name on the bus; empty means the last path segment
 * @param bus            the bus, or empty for class and virtual devices
 * @param parentPath     an explicit parent, or empty to derive it from the path
 * @param properties     recorded properties
 * @param recordedDriver the recorded driver name ({@code driver_override}), or empty
 * @param probeChildren  devices the driver creates when it probes this one
 * @param matchDriver    whether a driver may be matched to it at all (PCI's {@code match_driver}); false keeps a
 *                       device unbound whatever the drivers, as a snapshot of a machine shows one its kernel left so
 */
public record DeviceSpec(String path, Optional<String> name, Optional<String> bus, Optional<String> parentPath,
        Map<String, String> properties, Optional<String> recordedDriver, List<DeviceSpec> probeChildren,
        boolean matchDriver) {

    public DeviceSpec {
        Objects.requireNonNull(path, "path");
        name = Objects.requireNonNullElse(name, Optional.empty());
        bus = Objects.requireNonNullElse(bus, Optional.empty());
        parentPath = Objects.requireNonNullElse(parentPath, Optional.empty());
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        recordedDriver = Objects.requireNonNullElse(recordedDriver, Optional.empty());
        probeChildren = probeChildren == null ? List.of() : List.copyOf(probeChildren);
    }

    /** A device drivers may be matched to. */
    public DeviceSpec(String path, Optional<String> name, Optional<String> bus, Optional<String> parentPath,
            Map<String, String> properties, Optional<String> recordedDriver, List<DeviceSpec> probeChildren) {
        this(path, name, bus, parentPath, properties, recordedDriver, probeChildren, true);
    }

    /** The name this device gets: the given one, else the last path segment. */
    public String effectiveName() {
        return name.orElseGet(() -> path.substring(path.lastIndexOf('/') + 1));
    }

    public static Builder builder(String path) {
        return new Builder(path);
    }

    /** Builds a {@link DeviceSpec} step by step. */
    public static final class Builder {
        private final String path;
        private String name;
        private String bus;
        private String parent;
        private Map<String, String> properties = Map.of();
        private String driver;
        private List<DeviceSpec> probeChildren = List.of();
        private boolean matchDriver = true;

        private Builder(String path) {
            this.path = path;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder bus(String bus) {
            this.bus = bus;
            return this;
        }

        public Builder parent(String parentPath) {
            this.parent = parentPath;
            return this;
        }

        public Builder properties(Map<String, String> properties) {
            this.properties = properties;
            return this;
        }

        public Builder driver(String recordedDriver) {
            this.driver = recordedDriver;
            return this;
        }

        public Builder probeChildren(List<DeviceSpec> children) {
            this.probeChildren = children;
            return this;
        }

        public Builder matchDriver(boolean matchDriver) {
            this.matchDriver = matchDriver;
            return this;
        }

        public DeviceSpec build() {
            return new DeviceSpec(path, Optional.ofNullable(name), Optional.ofNullable(bus), Optional.ofNullable(parent),
                    properties, Optional.ofNullable(driver), probeChildren, matchDriver);
        }
    }
}
