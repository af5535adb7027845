package org.drivercore.shutdown.engine;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;

/**
 * The lower bound of a shutdown: the longest latency-weighted path through the graph, where sync devices
 * also stay serial among themselves. No strategy that honours the ordering finishes sooner.
 */
public final class LowerBound {

    private LowerBound() {
    }

    /** The bound for the given per-node durations (emulated nanoseconds, by list index). */
    public static long of(ShutdownGraph graph, long[] durations) {
        long[] finish = new long[graph.size()];
        long bound = 0;
        ShutdownNode previousSync = null;
        for (ShutdownNode n : graph.topologicalOrder()) {
            long ready = 0;
            for (ShutdownNode d : graph.dependencies(n)) {
                ready = Math.max(ready, finish[d.index()]);
            }
            if (!n.async() && n.hasWork()) {
                if (previousSync != null) {
                    ready = Math.max(ready, finish[previousSync.index()]);
                }
                previousSync = n;
            }
            finish[n.index()] = ready + (n.hasWork() ? durations[n.index()] : 0);
            bound = Math.max(bound, finish[n.index()]);
        }
        return bound;
    }

    /** The bound with the durations a run measured (the callbacks' own times, whatever the strategy). */
    public static long of(ShutdownGraph graph, RunResult run) {
        long[] durations = new long[graph.size()];
        for (NodeRecord r : run.records()) {
            durations[r.index()] = r.durationNanos();
        }
        return of(graph, durations);
    }
}
