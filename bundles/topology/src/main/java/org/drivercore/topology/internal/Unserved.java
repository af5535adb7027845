package org.drivercore.topology.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.drivercore.api.BusType;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.DeviceSpec;

/**
 * The buses and drivers a machine names that nothing serves once it is loaded: one warning each, with how many
 * devices wait for it, so that a typo or a missing bundle is said once rather than found device by device.
 */
final class Unserved {

    private Unserved() {
    }

    /**
     * @param profiled the drivers the machine's profiles model: a late one was warned of already, by the wait for it
     */
    static List<String> of(List<DeviceSpec> devices, DeviceRegistry registry, Set<String> profiled) {
        Map<String, Integer> buses = new TreeMap<>();
        Map<String, Integer> drivers = new TreeMap<>();
        // Read once: each call copies the registry's list under its lock, and a dump has thousands of devices.
        Set<String> servedBuses = registry.busTypes().stream().map(BusType::name).collect(Collectors.toSet());
        Set<String> servedDrivers = registry.drivers().stream().map(x -> x.name() + "@" + x.bus())
                .collect(Collectors.toSet());
        count(devices, servedBuses, servedDrivers, profiled, buses, drivers);
        List<String> warnings = new ArrayList<>();
        buses.forEach((bus, n) -> warnings.add("bus '" + bus + "' is served by no bundle: " + n + " device"
                + (n == 1 ? " waits" : "s wait") + " for it (a machine file's \"buses\" serves a bus generically)"));
        drivers.forEach((driver, n) -> warnings.add("driver " + driver + " is served by no bundle and no profile: " + n
                + " device" + (n == 1 ? " stays" : "s stay") + " unbound (a machine file's \"profiles\" models a "
                + "driver)"));
        return warnings;
    }

    private static void count(List<DeviceSpec> devices, Set<String> servedBuses, Set<String> servedDrivers,
            Set<String> profiled, Map<String, Integer> buses, Map<String, Integer> drivers) {
        for (DeviceSpec d : devices) {
            if (d.bus().isPresent()) {
                String bus = d.bus().get();
                if (!servedBuses.contains(bus)) {
                    buses.merge(bus, 1, Integer::sum);
                } else if (d.recordedDriver().isPresent() && d.matchDriver()) {
                    String driver = d.recordedDriver().get();
                    if (!profiled.contains(driver) && !servedDrivers.contains(driver + "@" + bus)) {
                        drivers.merge("'" + driver + "' (bus " + bus + ")", 1, Integer::sum);
                    }
                }
            }
            count(d.probeChildren(), servedBuses, servedDrivers, profiled, buses, drivers);
        }
    }
}
