package org.drivercore.shutdown.strategy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.drivercore.api.shutdown.AsyncSource;
import org.drivercore.api.shutdown.Program;
import org.drivercore.api.shutdown.Program.Hold;
import org.drivercore.api.shutdown.ShutdownExecutor;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.api.shutdown.ShutdownStrategy;

/**
 * drivercore's own: a device is dispatched the moment its last dependency finishes, and waiting holds no
 * thread. One pool program per device: wait, releasing the worker, until every child and consumer has finished
 * and, for a sync device with work, the sync device before it in the graph's {@link ShutdownGraph#syncChain()} (reverse
 * list order, except where the list puts a dependency behind its dependent: the dependency wins); then run the
 * callback, releasing the worker during its waits too. The graph's own order, not the list's, decides: it is
 * correct whatever the list order, never deadlocks (the graph is acyclic), and on the virtual clock its
 * makespan is the critical path under the ordering model for any pool size of at least one, by construction. It
 * honours the links v18 honours (all but sync-state-only ones).
 */
public final class DagStrategy implements ShutdownStrategy {

    public static final String NAME = "dag";

    public DagStrategy() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "drivercore: each device dispatched when its last child, consumer (and, if sync, the previous sync "
                + "device) finished; waits release their thread";
    }

    /** The same flags as v18 (the subsystem's), so that the two compare on one async set unless configured. */
    @Override
    public Set<AsyncSource> asyncFlags() {
        return EnumSet.of(AsyncSource.SUBSYSTEM);
    }

    @Override
    public void plan(ShutdownGraph graph, ShutdownExecutor executor) {
        ShutdownNode[] previousSync = new ShutdownNode[graph.size()];
        ShutdownNode previous = null;
        for (ShutdownNode n : graph.syncChain()) {
            previousSync[n.index()] = previous;
            previous = n;
        }
        for (ShutdownNode n : graph.topologicalOrder()) {
            List<ShutdownNode> waitFor = graph.dependencies(n);
            ShutdownNode p = previousSync[n.index()];
            if (p != null) {
                waitFor.add(p);
            }
            // Described only if a hang report asks: a run of a million devices should not build a million strings.
            Supplier<String> description = () -> "children and consumers of " + n
                    + (p == null ? "" : " and the previous sync device " + p);
            executor.pool(Program.forNode(n)
                    .await(executor.allFinished(waitFor, description), Hold.RELEASE)
                    .run(n, Hold.RELEASE)
                    .build());
        }
    }
}
