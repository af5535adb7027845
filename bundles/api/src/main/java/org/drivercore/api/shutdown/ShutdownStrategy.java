package org.drivercore.api.shutdown;

import java.util.EnumSet;
import java.util.Set;

import org.drivercore.api.LinkFlag;

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
     * The async flags this strategy's kernel generation sets, honoured under {@link AsyncPolicy#AS_KERNEL}: mainline
     * none, the seed the bus hooks, v8 the driver's, v18 the subsystem's. The default honours every opt-in.
     */
    default Set<AsyncSource> asyncFlags() {
        return EnumSet.of(AsyncSource.SUBSYSTEM, AsyncSource.DRIVER, AsyncSource.DEVICE);
    }

    /**
     * Whether a link with these flags orders this strategy's shutdown. The default skips the links that only exist
     * for sync-state, as v18 does ({@code device_link_flag_is_sync_state_only()}) and as the graph's own
     * dependencies do.
     */
    default boolean honours(Set<LinkFlag> linkFlags) {
        return !LinkFlag.isSyncStateOnly(linkFlags);
    }

    /**
     * Queues the programs that shut the graph down. Called once, at shutdown start, before any program runs;
     * conditions and actions the programs carry may keep state of the strategy's own for this run. The graph has
     * this strategy's async flags and the links it honours.
     */
    void plan(ShutdownGraph graph, ShutdownExecutor executor);
}
