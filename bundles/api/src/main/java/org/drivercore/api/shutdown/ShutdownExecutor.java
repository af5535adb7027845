package org.drivercore.api.shutdown;

import java.util.Collection;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What the engine offers a strategy while it plans: the two kinds of thread, and node completions. */
@org.osgi.annotation.versioning.ProviderType
public interface ShutdownExecutor {

    ShutdownGraph graph();

    /** The size of the bounded worker pool. */
    int poolSize();

    /** Queues a program on the main thread; main programs run one after another, in the order given. */
    void main(Program program);

    /** Queues a program on the worker pool; queued programs get a free worker first come, first served. */
    void pool(Program program);

    /** Whether the node's completion is done (finished, failed or given up). */
    boolean finished(ShutdownNode node);

    /** Holds when every one of the nodes has finished. */
    Condition allFinished(Collection<ShutdownNode> nodes, String description);

    /**
     * The same, with a description made only when a report needs it: a strategy that waits once per device need not
     * build a million strings that no hang report will read.
     */
    default Condition allFinished(Collection<ShutdownNode> nodes, Supplier<String> description) {
        return allFinished(nodes, description.get());
    }

    /** A condition of the strategy's own (a cookie chain), re-evaluated whenever a node finishes. */
    Condition condition(String description, BooleanSupplier test, Supplier<Collection<ShutdownNode>> waitingOn);
}
