package org.drivercore.topology.internal;

import java.util.List;
import java.util.Map;

import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.ModelledProfile;

/**
 * A parsed and checked machine file, ready for the registry.
 *
 * @param devices      the devices registered directly, in file order (created devices hang below their
 *                     creators as {@link DeviceSpec#probeChildren()})
 * @param createdPaths paths of the devices created by drivers in probe
 * @param deviceWhere  where each device (registered or created) stands in the file, in file order
 * @param linkWhere    where each link stands
 */
record MachineModel(String source, String name, String description, Map<String, ModelledProfile> profiles,
        List<DeviceSpec> devices, List<String> createdPaths, List<DeviceLink> links, Map<String, Location> deviceWhere,
        Map<DeviceLink, Location> linkWhere) {

    /** A place in the file: line, column and JSON pointer. */
    record Location(int line, int column, String pointer) {
    }
}
