package org.drivercore.topology.internal.udev;

import java.util.Map;

/**
 * One device as a udev database, a umockdev recording or {@code /sys} records it.
 *
 * @param devpath    its path below {@code /sys}, {@code /devices/...}
 * @param line       where its record starts in the source (0 for {@code /sys})
 * @param properties its uevent properties ({@code E:} lines, the {@code uevent} file)
 * @param attributes its sysfs attributes where the source has them ({@code A:} lines, a devlink's files)
 * @param driver     the bound driver's name, or null
 * @param subsystem  its subsystem's name, or null
 * @param kind       what the source says the subsystem is, where it can tell (a {@code subsystem} link into
 *                   {@code /sys/bus} or {@code /sys/class}), else {@link Kind#UNKNOWN}
 */
public record DeviceRecord(String devpath, int line, Map<String, String> properties, Map<String, String> attributes,
        String driver, String subsystem, Kind kind) {

    /** A subsystem is a bus type or a device class ({@code struct bus_type}, {@code struct class}). */
    public enum Kind { BUS, CLASS, UNKNOWN }

    public DeviceRecord {
        properties = Map.copyOf(properties);
        attributes = Map.copyOf(attributes);
    }

    /** The device's name: the last component of its path, as {@code dev_name()} gives it. */
    public String sysname() {
        return devpath.substring(devpath.lastIndexOf('/') + 1);
    }
}
