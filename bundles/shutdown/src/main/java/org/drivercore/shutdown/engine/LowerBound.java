package org.drivercore.shutdown.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;

/**
 * The lower bound of a shutdown: the longest latency-weighted path through the graph, where sync devices
 * also stay serial among themselves. No strategy that honours the ordering finishes sooner.
 */
public final class LowerBound {

    private LowerBound() {
    }

    /**
     * The order the sync devices keep among themselves: reverse list order, except where the list itself is
     * out of order (a parent probed after its child sits behind it): there, the dependency wins. It is the
     * topological order of the graph that takes the highest list index first.
     */
    public static List<ShutdownNode> syncChain(ShutdownGraph graph) {
        List<ShutdownNode> chain = new ArrayList<>();
        for (ShutdownNode n : topologicalOrder(graph)) {
            if (!n.async() && n.hasWork()) {
                chain.add(n);
            }
        }
        return chain;
    }

    /** Dependents before what they depend on, highest list index first among the ready ones. */
    public static List<ShutdownNode> topologicalOrder(ShutdownGraph graph) {
        int[] pending = new int[graph.size()];
        for (ShutdownNode n : graph.nodes()) {
            pending[n.index()] = graph.dependencies(n).size();
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>((a, b) -> Integer.compare(b, a));
        for (ShutdownNode n : graph.nodes()) {
            if (pending[n.index()] == 0) {
                ready.add(n.index());
            }
        }
        List<ShutdownNode> order = new ArrayList<>(graph.size());
        while (!ready.isEmpty()) {
            ShutdownNode n = graph.node(ready.poll());
            order.add(n);
            // n is a dependency of its parent and its suppliers.
            List<Integer> up = new ArrayList<>(n.suppliers());
            n.parent().ifPresent(p -> {
                if (!up.contains(p)) {
                    up.add(p);
                }
            });
            for (int u : up) {
                if (--pending[u] == 0) {
                    ready.add(u);
                }
            }
        }
        if (order.size() != graph.size()) {
            throw new IllegalStateException("the shutdown graph " + graph.name() + " has a dependency cycle");
        }
        return order;
    }

    /** The bound for the given per-node durations (emulated nanoseconds, by list index). */
    public static long of(ShutdownGraph graph, long[] durations) {
        long[] finish = new long[graph.size()];
        long bound = 0;
        ShutdownNode previousSync = null;
        for (ShutdownNode n : topologicalOrder(graph)) {
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
