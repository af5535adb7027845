package org.drivercore.topology.internal;

import java.util.List;
import java.util.Map;

import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.ModelledProfile;
import org.drivercore.api.hardware.HardwareSpec;

/**
 * A parsed and checked machine file, ready for the registry.
 *
 * @param devices      the devices registered directly, in file order (created devices hang below their
 *                     creators as {@link DeviceSpec#probeChildren()})
 * @param createdPaths paths of the devices created by drivers in probe
 * @param deviceWhere  where each device (registered or created) stands in the file, in file order
 * @param linkWhere    where each link stands
 * @param hardware     each device's emulated hardware, by device path
 * @param described    the hardware descriptions, by name, each with where it stands
 * @param linkOrder    the order in which the drivers register within an initcall level (Linux's link order): the
 *                     file's {@code linkOrder}, else the order of its profiles
 */
record MachineModel(String source, String name, String description, Map<String, ModelledProfile> profiles,
        List<DeviceSpec> devices, List<String> createdPaths, List<DeviceLink> links, Map<String, Location> deviceWhere,
        Map<DeviceLink, Location> linkWhere, Map<String, HardwareSpec> hardware, Map<String, Described> described,
        List<String> linkOrder) {

    /** A hardware description and where it stands in the file. */
    record Described(HardwareSpec spec, Location where) {
    }

    /** A place in the file: line, column and JSON pointer. */
    record Location(int line, int column, String pointer) {
    }
}
