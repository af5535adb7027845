package org.drivercore.topology.internal;

import java.util.List;
import java.util.Map;

import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.hardware.HardwareSpec;

/**
 * A checked machine, ready for the registry.
 *
 * @param draft        what the source said, for the loader's report and for export
 * @param devices      the devices registered directly, in source order (created devices hang below their
 *                     creators as {@link DeviceSpec#probeChildren()})
 * @param createdPaths paths of the devices created by drivers in probe
 * @param deviceWhere  where each device (registered or created) stands in the source, in source order
 * @param linkWhere    where each link stands
 * @param hardware     each device's emulated hardware, by device path
 * @param linkOrder    the order in which the drivers register within an initcall level (Linux's link order): the
 *                     source's {@code linkOrder}, else the order of its profiles
 */
public record MachineModel(MachineDraft draft, List<DeviceSpec> devices, List<String> createdPaths,
        List<DeviceLink> links, Map<String, Location> deviceWhere, Map<DeviceLink, Location> linkWhere,
        Map<String, HardwareSpec> hardware, List<String> linkOrder) {

    public String source() {
        return draft.source();
    }

    public String name() {
        return draft.name();
    }

    public String description() {
        return draft.description();
    }

    public Map<String, org.drivercore.api.ModelledProfile> profiles() {
        return draft.profiles();
    }

    public Map<String, Described> described() {
        return draft.hardware();
    }

    /** A hardware description and where it stands in the source. */
    public record Described(HardwareSpec spec, Location where) {
    }

    /**
     * A place in the source: line, column and pointer (a JSON pointer in a machine file, a device path in an
     * imported one).
     */
    public record Location(int line, int column, String pointer) {
    }
}
