package org.drivercore.topology.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.drivercore.api.BusType;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.Driver;
import org.drivercore.api.ModelledProfile;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What a machine asks of other bundles through Config Admin, one factory configuration each: a latency profile for
 * the modelled driver (named by the profile's key), a bus type for the generic bus bundle (named by the bus). Each
 * request then waits, up to the loader's driver wait, until what it asked for serves the registry, so that the boot
 * finds the drivers it registers by initcall level; what comes later still binds when it arrives.
 */
final class ConfigRequests {

    private final DeviceRegistry registry;
    private final ConfigurationAdmin configAdmin;
    private final Duration wait;

    ConfigRequests(DeviceRegistry registry, ConfigurationAdmin configAdmin, Duration wait) {
        this.registry = registry;
        this.configAdmin = configAdmin;
        this.wait = wait;
    }

    /** The bus types the machine needs that no bus type serves yet; returns the warnings. */
    List<String> buses(List<String> names) {
        List<String> missing = names.stream()
                .filter(n -> registry.busTypes().stream().noneMatch(b -> b.name().equals(n))).toList();
        if (missing.isEmpty()) {
            return List.of();
        }
        if (configAdmin == null) {
            return List.of("Config Admin is not available: buses " + missing + " were not asked for; their devices wait");
        }
        List<String> warnings = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        for (String bus : missing) {
            try {
                Configuration c = configAdmin.getFactoryConfiguration(BusType.GENERIC_FACTORY_PID, bus, "?");
                Dictionary<String, Object> props = new Hashtable<>();
                props.put(BusType.GENERIC_BUS_NAME, bus);
                c.updateIfDifferent(props);
                asked.add(bus);
            } catch (IOException | RuntimeException e) {
                warnings.add("bus '" + bus + "' could not be asked for: " + e.getMessage());
            }
        }
        List<String> late = awaitAll(asked, bus -> () -> registry.busTypes().stream().anyMatch(b -> b.name().equals(bus)));
        if (!late.isEmpty()) {
            warnings.add("buses " + late + " did not register within " + wait.toMillis()
                    + " ms (is the bundle org.drivercore.bus.generic active?); their devices wait until they do");
        }
        return warnings;
    }

    /**
     * Gives each profile to the modelled driver as a factory configuration named by its key, then waits until a driver
     * of each name serves its bus. A configuration that changed replaces the driver instance, so for those the wait is
     * for a new instance. Returns the warnings.
     */
    List<String> profiles(Map<String, ModelledProfile> profiles, String machine) {
        if (profiles.isEmpty()) {
            return List.of();
        }
        if (configAdmin == null) {
            return List.of("Config Admin is not available: profiles " + profiles.keySet() + " were not applied");
        }
        List<String> warnings = new ArrayList<>();
        Set<Driver> before = Collections.newSetFromMap(new IdentityHashMap<>());
        before.addAll(registry.drivers());
        Map<String, Boolean> changed = new LinkedHashMap<>();
        for (Map.Entry<String, ModelledProfile> e : profiles.entrySet()) {
            try {
                Configuration c = configAdmin.getFactoryConfiguration(ModelledProfile.FACTORY_PID, e.getKey(), "?");
                changed.put(e.getKey(), c.updateIfDifferent(new Hashtable<>(e.getValue().toProperties(machine))));
            } catch (IOException | RuntimeException ex) {
                warnings.add("profile '" + e.getKey() + "' could not be configured: " + ex.getMessage());
            }
        }
        List<String> late = awaitAll(List.copyOf(changed.keySet()), key -> () -> {
            ModelledProfile p = profiles.get(key);
            return registry.drivers().stream().anyMatch(d -> d.name().equals(p.driver()) && d.bus().equals(p.bus())
                    && (!changed.get(key) || !before.contains(d)));
        });
        if (!late.isEmpty()) {
            warnings.add("drivers " + late + " did not register within " + wait.toMillis()
                    + " ms (is the bundle org.drivercore.driver.modelled active?); their devices stay unbound until they do");
        }
        return warnings;
    }

    /**
     * With {@code --replace}: deletes the profiles an earlier machine asked for (they carry its name) that the new one
     * does not ask for, so that their drivers go with the devices they served. Profiles from {@code conf/} (no machine
     * name) stay. Returns a note naming what was removed, or none.
     */
    List<String> dropProfilesExcept(Set<String> keep) {
        if (configAdmin == null) {
            return List.of();
        }
        List<String> removed = new ArrayList<>();
        try {
            Configuration[] all = configAdmin.listConfigurations("(&(service.factoryPid=" + ModelledProfile.FACTORY_PID
                    + ")(" + ModelledProfile.MACHINE + "=*))");
            for (Configuration c : all == null ? new Configuration[0] : all) {
                String key = c.getPid().substring(c.getPid().indexOf('~') + 1);
                if (!keep.contains(key)) {
                    c.delete();
                    removed.add(key);
                }
            }
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            return List.of("the previous machine's driver profiles could not be removed: " + e.getMessage());
        }
        Collections.sort(removed);
        return removed.isEmpty() ? List.of() : List.of("removed the previous machine's driver profiles that this one "
                + "does not use: " + String.join(", ", removed));
    }

    /** Waits until each name's condition holds or the wait is over; returns the names still waited for. */
    private List<String> awaitAll(List<String> names, java.util.function.Function<String, BooleanSupplier> there) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<String> missing = new ArrayList<>(names);
        while (true) {
            missing.removeIf(n -> there.apply(n).getAsBoolean());
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                return missing;
            }
            try {
                // Config Admin and SCR deliver on their own threads; nothing signals us.
                Thread.sleep(10);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return missing;
            }
        }
    }
}
