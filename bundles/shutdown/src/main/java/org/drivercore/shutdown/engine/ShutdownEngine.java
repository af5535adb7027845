package org.drivercore.shutdown.engine;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownStrategy;

/** Runs a strategy on a graph in an environment: the one entry point of the engine. */
public final class ShutdownEngine {

    private ShutdownEngine() {
    }

    /** Runs to the final barrier; the environment serves this run only. */
    public static RunResult run(ShutdownGraph graph, ShutdownStrategy strategy, Environment env, EngineOptions options) {
        return new Execution(graph, strategy, env, options).run();
    }

    /** A run on a fresh virtual clock. */
    public static RunResult runVirtual(ShutdownGraph graph, ShutdownStrategy strategy, EngineOptions options) {
        return run(graph, strategy, new VirtualEnvironment(), options);
    }
}
