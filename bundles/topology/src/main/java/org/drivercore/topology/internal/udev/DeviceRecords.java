package org.drivercore.topology.internal.udev;

import java.util.List;

import org.drivercore.topology.internal.MachineFormat;

/**
 * What a reader found: the device records in the source's order (a device recorded twice merged into its first
 * record), the machine's name where the source names it, and what the reader repaired.
 *
 * @param machine the machine's name from its DMI data, or null
 * @param notes   what was repaired or skipped, for the load report
 */
public record DeviceRecords(String source, MachineFormat format, List<DeviceRecord> devices, String machine,
        List<String> notes) {

    public DeviceRecords {
        devices = List.copyOf(devices);
        notes = List.copyOf(notes);
    }
}
