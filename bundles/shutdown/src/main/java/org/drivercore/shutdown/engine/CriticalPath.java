package org.drivercore.shutdown.engine;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;

/**
 * The critical path of a shutdown: the longest latency-weighted path through the graph under the ordering model
 * (children and consumers before parents and suppliers, and the sync devices with work one at a time in the graph's
 * sync chain, reverse list order where the list agrees with the dependencies). No strategy that keeps that model
 * finishes sooner; one that dispatches each device the moment its last predecessor ends reaches it on a virtual clock
 * by construction. The all-async critical path drops the sync chain: dependencies only, every device with work async,
 * the machine's physical limit.
 */
public final class CriticalPath {

    private CriticalPath() {
    }

    /** Under the ordering model, for the given per-node durations (emulated nanoseconds, by list index). */
    public static long underOrdering(ShutdownGraph graph, long[] durations) {
        return longest(graph, durations, true);
    }

    /** Dependencies only: every device with work async. */
    public static long allAsync(ShutdownGraph graph, long[] durations) {
        return longest(graph, durations, false);
    }

    private static long longest(ShutdownGraph graph, long[] durations, boolean syncChain) {
        long[] finish = new long[graph.size()];
        long bound = 0;
        ShutdownNode previousSync = null;
        for (ShutdownNode n : graph.topologicalOrder()) {
            long ready = 0;
            for (ShutdownNode d : graph.dependencies(n)) {
                ready = Math.max(ready, finish[d.index()]);
            }
            if (syncChain && !n.async() && n.hasWork()) {
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

    /** Each node's duration as a run measured it (its callback's own time, whatever the strategy). */
    public static long[] durations(RunResult run) {
        long[] durations = new long[run.records().size()];
        for (NodeRecord r : run.records()) {
            durations[r.index()] = r.durationNanos();
        }
        return durations;
    }
}
