package org.drivercore.shutdown.strategy;

import java.util.EnumSet;
import java.util.Set;

import org.drivercore.api.shutdown.AsyncSource;
import org.drivercore.api.shutdown.Program;
import org.drivercore.api.shutdown.Program.Hold;
import org.drivercore.api.shutdown.ShutdownExecutor;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownStrategy;

/**
 * Mainline {@code device_shutdown()} (drivers/base/core.c): one walk of {@code devices_kset} from the tail on
 * the shutting-down thread, each device shut down in turn, its waits keeping that thread. Ordering comes from
 * the list alone: a parent or supplier listed after a child or consumer goes first. Links count only through the
 * list ({@code device_link_add()} reorders the consumer behind its supplier; sync-state-only links do not).
 */
public final class SerialStrategy implements ShutdownStrategy {

    public static final String NAME = "serial";

    public SerialStrategy() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "mainline device_shutdown(): the device list walked from the tail, one device at a time on one thread";
    }

    /** Mainline has no asynchronous shutdown: every device is shut down in the walk, whatever its flags. */
    @Override
    public Set<AsyncSource> asyncFlags() {
        return EnumSet.noneOf(AsyncSource.class);
    }

    @Override
    public void plan(ShutdownGraph graph, ShutdownExecutor executor) {
        Program.Builder walk = Program.named("device_shutdown");
        for (int i = graph.size() - 1; i >= 0; i--) {
            walk.run(graph.node(i), Hold.HOLD);
        }
        executor.main(walk.build());
    }
}
