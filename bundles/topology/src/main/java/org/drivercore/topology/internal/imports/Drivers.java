package org.drivercore.topology.internal.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.drivercore.api.ModelledProfile;
import org.drivercore.topology.internal.MachineModel;

/**
 * The drivers an imported machine records, each given what the catalog has for it: the hardware a driver bundle
 * drives, or a latency profile for the modelled driver (the default one for a driver the catalog does not know). A
 * profile serves one bus; Linux allows drivers of the same name on two buses ({@code qeth} on ccw and ccwgroup), and
 * the second gets its own profile, keyed {@code NAME@BUS}.
 */
final class Drivers {

    private final DriverCatalog catalog;
    private final Map<String, ModelledProfile> profiles = new LinkedHashMap<>();
    private final Map<String, MachineModel.Described> hardware = new LinkedHashMap<>();
    private final Set<String> seen = new LinkedHashSet<>();
    private final Set<String> defaulted = new LinkedHashSet<>();

    Drivers(DriverCatalog catalog) {
        this.catalog = catalog;
    }

    /** Records a device's driver; returns the name of the hardware behind the device, or null. */
    String use(String driver, String bus) {
        seen.add(driver);
        Optional<MachineModel.Described> hw = catalog.hardware(driver);
        if (hw.isPresent()) {
            hardware.putIfAbsent(driver, hw.get());
            return driver;
        }
        ModelledProfile known = profiles.get(driver);
        if (known != null && known.bus().equals(bus)) {
            return null;
        }
        String key = known == null ? driver : driver + "@" + bus;
        if (profiles.containsKey(key)) {
            return null;
        }
        ModelledProfile base = catalog.profile(driver).orElse(null);
        if (base == null) {
            base = catalog.defaultProfile();
            defaulted.add(driver);
        }
        profiles.put(key, new ModelledProfile(driver, bus, base.async(), base.shutdown(), base.seed(), base.waitMode(),
                base.pollInterval(), base.timeout(), base.ids(), base.source(), base.probe(), base.initcall()));
        return null;
    }

    Map<String, ModelledProfile> profiles() {
        return profiles;
    }

    Map<String, MachineModel.Described> hardware() {
        return hardware;
    }

    /** Linux's link order for the drivers the catalog knows, then the others in the order they were met. */
    List<String> linkOrder() {
        List<String> order = new ArrayList<>();
        for (String d : catalog.linkOrder()) {
            if (seen.contains(d)) {
                order.add(d);
            }
        }
        for (String d : seen) {
            if (!order.contains(d)) {
                order.add(d);
            }
        }
        return order;
    }

    List<String> defaulted() {
        return List.copyOf(defaulted);
    }
}
