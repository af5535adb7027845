package org.drivercore.shutdown.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.drivercore.api.LinkFlag;
import org.drivercore.api.shutdown.AsyncSource;
import org.drivercore.api.shutdown.ShutdownExecutor;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownStrategy;
import org.drivercore.shutdown.strategy.CompletionsStrategy;
import org.drivercore.shutdown.strategy.CookieChainStrategy;
import org.drivercore.shutdown.strategy.DagStrategy;
import org.drivercore.shutdown.strategy.SerialStrategy;
import org.drivercore.shutdown.strategy.TwoPassStrategy;

/**
 * The strategies this bundle brings, by name, and the pool each runs with: the kernel-emulating ones get
 * {@code kernel.pool} (the unbound workqueue's max_active, 256), {@code dag} gets {@code pool} (the processors).
 */
final class BuiltInStrategies {

    /** In the order of every table: mainline first, the kernel's attempts by date, ours last. */
    private static final Map<String, Supplier<ShutdownStrategy>> FACTORIES = orderedFactories();

    /** The names of the built-in strategies, in table order. */
    static final List<String> ORDER = List.copyOf(FACTORIES.keySet());

    private static Map<String, Supplier<ShutdownStrategy>> orderedFactories() {
        Map<String, Supplier<ShutdownStrategy>> m = new LinkedHashMap<>();
        m.put(SerialStrategy.NAME, SerialStrategy::new);
        m.put(TwoPassStrategy.NAME, TwoPassStrategy::new);
        m.put(CookieChainStrategy.NAME, CookieChainStrategy::new);
        m.put(CompletionsStrategy.NAME, CompletionsStrategy::new);
        m.put(DagStrategy.NAME, DagStrategy::new);
        return java.util.Collections.unmodifiableMap(m);
    }

    private BuiltInStrategies() {
    }

    /** A fresh instance of the built-in strategy of that name. */
    static Optional<ShutdownStrategy> create(String name) {
        return Optional.ofNullable(FACTORIES.get(name)).map(Supplier::get);
    }

    static StrategyRegistry.Kind kind(String name) {
        return FACTORIES.containsKey(name) && !DagStrategy.NAME.equals(name) ? StrategyRegistry.Kind.KERNEL
                : StrategyRegistry.Kind.CPU;
    }

    /**
     * The service a built-in strategy component registers: it plans each run with a fresh instance of the
     * strategy, so that runs on several threads (a compare while the container powers off) share no state.
     */
    abstract static class Component implements ShutdownStrategy {
        private final Supplier<ShutdownStrategy> factory;
        private final ShutdownStrategy prototype;

        Component(Supplier<ShutdownStrategy> factory) {
            this.factory = factory;
            this.prototype = factory.get();
        }

        @Override
        public final String name() {
            return prototype.name();
        }

        @Override
        public final String description() {
            return prototype.description();
        }

        @Override
        public final Set<AsyncSource> asyncFlags() {
            return prototype.asyncFlags();
        }

        @Override
        public final boolean honours(Set<LinkFlag> linkFlags) {
            return prototype.honours(linkFlags);
        }

        @Override
        public final void plan(ShutdownGraph graph, ShutdownExecutor executor) {
            factory.get().plan(graph, executor);
        }

        @Override
        public final String toString() {
            return "strategy " + name();
        }
    }
}
