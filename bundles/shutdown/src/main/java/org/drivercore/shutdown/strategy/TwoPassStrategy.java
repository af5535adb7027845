package org.drivercore.shutdown.strategy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.drivercore.api.shutdown.AsyncSource;
import org.drivercore.api.shutdown.Program;
import org.drivercore.api.shutdown.Program.Hold;
import org.drivercore.api.shutdown.ShutdownExecutor;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.api.shutdown.ShutdownStrategy;

/**
 * The seed, Tanjore Suresh's v3 (2022): pass 1 is the normal reverse walk on the shutting-down thread, which
 * calls {@code async_shutdown_start} for async devices (their shutdown then goes on without any thread) and
 * the normal shutdown for the others; pass 2 walks the started devices in the same order and waits in
 * {@code async_shutdown_end} for each to finish. No threads, no completions: ordering is list order only, so
 * a parent or supplier reached in pass 1 while an async child or consumer is still shutting down starts
 * anyway (what the review objected to), and the ordering checker reports it. Links count only through the list.
 */
public final class TwoPassStrategy implements ShutdownStrategy {

    public static final String NAME = "two-pass";

    public TwoPassStrategy() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "the seed's v3: a start pass (async devices started, the rest shut down) then an end pass waiting for "
                + "each started device; list order only";
    }

    /**
     * The seed's opt-in is the bus's {@code async_shutdown_start}/{@code end} pair (its patch 2 gave PCI one), through
     * which a driver that implements it (nvme, its patch 3) shuts down in two passes.
     */
    @Override
    public Set<AsyncSource> asyncFlags() {
        return EnumSet.of(AsyncSource.BUS_HOOKS);
    }

    @Override
    public void plan(ShutdownGraph graph, ShutdownExecutor executor) {
        Program.Builder walk = Program.named("device_shutdown (v3 two-pass)");
        List<ShutdownNode> started = new ArrayList<>();
        for (int i = graph.size() - 1; i >= 0; i--) {
            ShutdownNode n = graph.node(i);
            if (n.async()) {
                walk.start(n);
                started.add(n);
            } else {
                walk.run(n, Hold.HOLD);
            }
        }
        for (ShutdownNode n : started) {
            walk.await(executor.allFinished(List.of(n), "async_shutdown_end of " + n), Hold.HOLD);
        }
        executor.main(walk.build());
    }
}
