package org.drivercore.shutdown.engine;

import java.util.ArrayList;
import java.util.List;

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

    /**
     * One device of the critical path, first to last.
     *
     * @param node      the device
     * @param start     when it can start at the earliest (emulated ns)
     * @param duration  its own work
     * @param waitsFor  what it waited for: null for the first; else why the previous device of the chain held it
     */
    public record Step(ShutdownNode node, long start, long duration, Reason waitsFor) {
    }

    /** Why a device of the chain waited for the one before it. */
    public enum Reason {
        /** The one before is its child: children shut down first. */
        CHILD("its child"),
        /** The one before is the consumer of a link it supplies: consumers shut down first. */
        CONSUMER("its consumer"),
        /** Both are sync devices with work: they shut down one at a time, in reverse list order. */
        SYNC_CHAIN("the sync device before it");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * The chain of devices that sets {@link #underOrdering}: the device that finishes last, and, going back, the
     * predecessor that made each one start when it did; returned first to last. Among predecessors that end together, the
     * first in topological order is named; among devices that finish last, the last in topological order (the top).
     */
    public static List<Step> chain(ShutdownGraph graph, long[] durations) {
        int size = graph.size();
        long[] finish = new long[size];
        int[] before = new int[size];
        Reason[] why = new Reason[size];
        long[] start = new long[size];
        int last = -1;
        ShutdownNode previousSync = null;
        for (ShutdownNode n : graph.topologicalOrder()) {
            int i = n.index();
            long ready = 0;
            before[i] = -1;
            for (ShutdownNode d : graph.dependencies(n)) {
                if (finish[d.index()] > ready) {
                    ready = finish[d.index()];
                    before[i] = d.index();
                    why[i] = d.isChildOf(i) ? Reason.CHILD : Reason.CONSUMER;
                }
            }
            if (!n.async() && n.hasWork()) {
                if (previousSync != null && finish[previousSync.index()] > ready) {
                    ready = finish[previousSync.index()];
                    before[i] = previousSync.index();
                    why[i] = Reason.SYNC_CHAIN;
                }
                previousSync = n;
            }
            start[i] = ready;
            finish[i] = ready + (n.hasWork() ? durations[i] : 0);
            if (last < 0 || finish[i] >= finish[last]) {
                last = i;
            }
        }
        List<Step> out = new ArrayList<>();
        for (int i = last; i >= 0; i = before[i]) {
            ShutdownNode n = graph.node(i);
            out.add(0, new Step(n, start[i], n.hasWork() ? durations[i] : 0, why[i]));
        }
        return out;
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
