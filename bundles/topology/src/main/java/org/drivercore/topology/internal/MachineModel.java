package org.drivercore.topology.internal;

import java.util.List;
import java.util.Map;

import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.LatencyModel;

/**
 * A parsed and checked machine file, ready for the registry.
 *
 * @param devices      the devices registered directly, in file order (created devices hang below their
 *                     creators as {@link DeviceSpec#probeChildren()})
 * @param createdPaths paths of the devices created by drivers in probe
 * @param deviceWhere  where each device (registered or created) stands in the file, in file order
 * @param linkWhere    where each link stands
 */
record MachineModel(String source, String name, String description, Map<String, Profile> profiles,
        List<DeviceSpec> devices, List<String> createdPaths, List<DeviceLink> links, Map<String, Location> deviceWhere,
        Map<DeviceLink, Location> linkWhere) {

    /** A place in the file: line, column and JSON pointer. */
    record Location(int line, int column, String pointer) {
    }

    /** A latency profile of the modelled driver, by driver name; {@code shutdown} is null for none. */
    record Profile(String driver, String bus, String async, LatencyModel shutdown, long seed, String waitMode,
            long pollIntervalMs, long timeoutMs, List<String> ids, String source) {
    }
}
