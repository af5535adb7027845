package org.drivercore.core.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

import org.drivercore.api.Driver;

/**
 * The registered drivers, in arrival order, and the one rule that picks the driver that binds for a name on a bus: the
 * highest service ranking (a driver bundle's, 0, above the modelled driver's fallback), of equal rankings the first
 * registered, never one whose bundle is leaving; the others stand by (a modelled driver under a real one, an updated
 * bundle racing its old self). Guarded by the registry's lock.
 */
final class DriverTable {

    private final List<Driver> drivers = new ArrayList<>();
    /** The bundle each driver service comes from (absent outside OSGi). */
    private final Map<Driver, Long> bundles = new IdentityHashMap<>();
    /** Each driver's service ranking (absent: 0). */
    private final Map<Driver, Integer> rankings = new IdentityHashMap<>();
    /** Bundles whose drivers are leaving together. */
    private final Set<Long> leaving = new HashSet<>();
    private volatile LongPredicate bundleLeaving = id -> false;

    void add(Driver driver, Long bundleId, int ranking) {
        if (bundleId != null) {
            bundles.put(driver, bundleId);
        }
        if (ranking != 0) {
            rankings.put(driver, ranking);
        }
        drivers.add(driver);
    }

    int ranking(Driver driver) {
        return rankings.getOrDefault(driver, 0);
    }

    /** Takes the driver out; false if it was not there. */
    boolean remove(Driver driver) {
        if (!drivers.removeIf(d -> d == driver)) {
            return false;
        }
        rankings.remove(driver);
        Long bundle = bundles.remove(driver);
        if (bundle != null && !bundles.containsValue(bundle)) {
            leaving.remove(bundle);
        }
        return true;
    }

    List<Driver> all() {
        return List.copyOf(drivers);
    }

    /** The driver that binds for that name on that bus, or null. */
    Driver active(String bus, String name) {
        Driver best = null;
        for (Driver d : drivers) {
            if (d.bus().equals(bus) && d.name().equals(name) && usable(d) && (best == null || ranking(d) > ranking(best))) {
                best = d;
            }
        }
        return best;
    }

    boolean isActive(Driver d) {
        return active(d.bus(), d.name()) == d;
    }

    /** Whether the driver may bind: not while the bundle it comes from is leaving. */
    private boolean usable(Driver d) {
        Long bundle = bundles.get(d);
        return bundle == null || !leaving.contains(bundle);
    }

    /** How to tell that a bundle is stopping (set at activation; tests set their own). */
    void bundleLeaving(LongPredicate predicate) {
        this.bundleLeaving = predicate;
    }

    /**
     * When the first driver of a stopping bundle leaves: marks the bundle as leaving and returns its id, so that
     * the caller unbinds the devices of all its drivers at once; null otherwise.
     */
    Long startLeaving(Driver driver) {
        Long bundle = bundles.get(driver);
        if (bundle == null || leaving.contains(bundle) || !bundleLeaving.test(bundle)) {
            return null;
        }
        leaving.add(bundle);
        return bundle;
    }

    /** Whether the driver comes from that bundle. */
    boolean from(Driver driver, long bundle) {
        Long b = driver == null ? null : bundles.get(driver);
        return b != null && b == bundle;
    }
}
