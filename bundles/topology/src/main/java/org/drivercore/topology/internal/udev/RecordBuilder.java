package org.drivercore.topology.internal.udev;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A device record being read. A device recorded twice (older udev databases hold such duplicates) is merged into its
 * first record: later values win.
 */
final class RecordBuilder {

    final String devpath;
    final int line;
    final Map<String, String> properties = new LinkedHashMap<>();
    final Map<String, String> attributes = new LinkedHashMap<>();
    /** From a {@code driver} link or a {@code V:} line, where the source has one. */
    String driverLink;
    /** From a {@code U:} line, where the source has one and no {@code SUBSYSTEM=} property. */
    String subsystemLine;
    /** From a {@code subsystem} link: {@code bus/NAME} or {@code class/NAME}. */
    String subsystemLink;

    RecordBuilder(String devpath, int line) {
        this.devpath = devpath;
        this.line = line;
    }

    DeviceRecord build() {
        String driver = properties.getOrDefault("DRIVER", driverLink);
        String subsystem = properties.getOrDefault("SUBSYSTEM", subsystemLine);
        DeviceRecord.Kind kind = DeviceRecord.Kind.UNKNOWN;
        if (subsystemLink != null) {
            int slash = subsystemLink.indexOf('/');
            String where = subsystemLink.substring(0, slash);
            subsystem = subsystemLink.substring(slash + 1);
            kind = where.equals("bus") ? DeviceRecord.Kind.BUS : DeviceRecord.Kind.CLASS;
        }
        return new DeviceRecord(devpath, line, properties, attributes, driver == null || driver.isEmpty() ? null : driver,
                subsystem == null || subsystem.isEmpty() ? null : subsystem, kind);
    }

    /**
     * The subsystem a {@code subsystem} link points to ({@code ../../bus/pci} → {@code bus/pci}), or null if it points
     * elsewhere.
     */
    static String subsystemOf(String target) {
        String[] parts = target.split("/");
        for (int i = parts.length - 2; i >= 0; i--) {
            if (parts[i].equals("bus") || parts[i].equals("class")) {
                return i == parts.length - 2 ? parts[i] + "/" + parts[i + 1] : null;
            }
        }
        return null;
    }

    /** The driver a {@code driver} link points to ({@code ../../bus/usb/drivers/usb} → {@code usb}). */
    static String driverOf(String target) {
        return target.substring(target.lastIndexOf('/') + 1);
    }

    /** All records, merged, in the order of their first appearance. */
    static List<DeviceRecord> build(Map<String, RecordBuilder> records) {
        return records.values().stream().map(RecordBuilder::build).toList();
    }
}
