package org.drivercore.shutdown.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.drivercore.api.shutdown.ShutdownStrategy;

/**
 * The strategies registered now, as the coordinator's dynamic reference delivers them. A strategy is chosen by
 * its {@link ShutdownStrategy#name()}; when two services share a name, the one with the highest
 * {@code service.ranking} (then the lowest {@code service.id}) wins, as for any OSGi service lookup.
 * Thread-safe: strategies come and go while runs are planned.
 */
final class StrategyRegistry {

    /** The service property that names a strategy (informational: {@link ShutdownStrategy#name()} decides). */
    static final String NAME_PROPERTY = "strategy.name";
    /** The service property that asks for the kernel's pool ({@code kernel}) rather than the CPU-sized one. */
    static final String POOL_PROPERTY = "strategy.pool";
    static final String KERNEL_POOL = "kernel";

    /** Which worker pool a strategy runs with by default. */
    enum Kind {
        /** The coordinator's {@code pool} (processors by default): strategies whose waits release their thread. */
        CPU,
        /** {@code kernel.pool}: strategies that emulate the kernel, whose waits hold a kernel thread. */
        KERNEL
    }

    /** One registered strategy. */
    record Entry(ShutdownStrategy strategy, Kind kind, int ranking, long serviceId) {
        String name() {
            return strategy.name();
        }
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    void add(ShutdownStrategy strategy, Map<String, ?> properties) {
        entries.add(new Entry(strategy, kindOf(properties), intProperty(properties.get("service.ranking")),
                longProperty(properties.get("service.id"))));
    }

    void remove(ShutdownStrategy strategy) {
        entries.removeIf(e -> e.strategy() == strategy);
    }

    static Kind kindOf(Map<String, ?> properties) {
        Object pool = properties.get(POOL_PROPERTY);
        return pool != null && KERNEL_POOL.equals(String.valueOf(pool).trim().toLowerCase(Locale.ROOT)) ? Kind.KERNEL
                : Kind.CPU;
    }

    /** The strategy of that name, if one is registered. */
    Optional<Entry> find(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).min(precedence());
    }

    /** The strategy of that name, or a usage error that lists the known ones. */
    Entry require(String option, String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(option + ": strategy '" + name
                + "' is unknown (known: " + (names().isEmpty() ? "none registered" : String.join(", ", names())) + ")"));
    }

    /** One entry per name (the one that wins), built-ins first in their order, then the others by name. */
    List<Entry> all() {
        Map<String, Entry> byName = new LinkedHashMap<>();
        for (Entry e : entries.stream().sorted(precedence()).toList()) {
            byName.putIfAbsent(e.name(), e);
        }
        List<Entry> out = new ArrayList<>(byName.values());
        out.sort(Comparator.comparingInt((Entry e) -> {
            int i = BuiltInStrategies.ORDER.indexOf(e.name());
            return i < 0 ? BuiltInStrategies.ORDER.size() : i;
        }).thenComparing(Entry::name));
        return out;
    }

    List<String> names() {
        return all().stream().map(Entry::name).toList();
    }

    /** Every name a strategy may be asked for by: the built-in ones (registered or not), then those deployed. */
    List<String> knownNames() {
        java.util.LinkedHashSet<String> known = new java.util.LinkedHashSet<>(BuiltInStrategies.ORDER);
        known.addAll(names());
        return List.copyOf(known);
    }

    private static Comparator<Entry> precedence() {
        return Comparator.comparingInt((Entry e) -> -e.ranking()).thenComparingLong(Entry::serviceId);
    }

    private static int intProperty(Object o) {
        return o instanceof Integer i ? i : 0;
    }

    private static long longProperty(Object o) {
        return o instanceof Number n ? n.longValue() : Long.MAX_VALUE;
    }
}
