package org.drivercore.api.shutdown;

/**
 * An algorithm that runs the callbacks of a shutdown graph, registered as a service so that a new one can
 * be deployed into a running container. It only plans: it queues {@link Program}s on the executor, and the
 * engine runs them, keeps the trace, and holds the final barrier until every node has finished.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface ShutdownStrategy {

    /** The name users choose it by: {@code serial}, {@code dag}, ... */
    String name();

    /** One line: what it emulates. */
    String description();

    /**
     * Queues the programs that shut the graph down. Called once, at shutdown start, before any program runs;
     * conditions and actions the programs carry may keep state of the strategy's own for this run.
     */
    void plan(ShutdownGraph graph, ShutdownExecutor executor);
}
