package org.drivercore.itests.tiny;

import org.drivercore.api.shutdown.Program;
import org.drivercore.api.shutdown.Program.Hold;
import org.drivercore.api.shutdown.ShutdownExecutor;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.api.shutdown.ShutdownStrategy;

/**
 * A strategy from outside the shutdown bundle, packed into its own bundle at test time ({@link TinyBundle}): every
 * device on the pool, each waiting (thread released) for its children and consumers. It ignores the order of sync
 * devices among themselves, so it may even beat the lower bound: it only has to run.
 */
public final class TinyStrategy implements ShutdownStrategy {

    public static final String NAME = "tiny";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a strategy deployed at runtime (itests)";
    }

    @Override
    public void plan(ShutdownGraph graph, ShutdownExecutor executor) {
        for (ShutdownNode n : graph.nodes()) {
            executor.pool(Program.forNode(n)
                    .await(() -> executor.allFinished(graph.dependencies(n), "children and consumers of " + n), Hold.RELEASE)
                    .run(n, Hold.RELEASE)
                    .build());
        }
    }
}
