package org.drivercore.shutdown.strategy;

import java.util.List;

import org.drivercore.api.shutdown.Program;
import org.drivercore.api.shutdown.Program.Hold;
import org.drivercore.api.shutdown.ShutdownExecutor;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.api.shutdown.ShutdownStrategy;

/**
 * David Jeffery and Stuart Hayes's v18 (2026), patterned after async suspend: a per-device completion,
 * {@code complete_all()}'d after the device's shutdown callbacks, whether it has any or not.
 * <ol>
 * <li>{@code start_async_shutdown_devices()}: a reverse walk of the list on the shutting-down thread schedules
 * every async device on the kernel's async pool ({@code async_schedule_dev_nocall}); each entry runs
 * {@code wait_for_shutdown_dependencies(dev, true)} (every child and every consumer, sync-state-only links
 * excluded, waited for with {@code wait_for_completion}, holding its worker) and then shuts the device down.</li>
 * <li>The normal reverse walk then handles the rest inline: {@code wait_for_shutdown_dependencies(dev, false)}
 * waits only for the async children and consumers (sync ones are ordered by the walk itself), then
 * {@code shutdown_one_device()}. A device without any shutdown callback is walked the same way: it waits for
 * its async dependents and then completes, so that whoever waits on it is ordered after them too.</li>
 * <li>{@code async_synchronize_full()}.</li>
 * </ol>
 * The pool is bounded (the kernel workqueue). With a list in order this never violates ordering nor hangs, for
 * any pool size. Out of order, a sync device whose dependent is listed before it is shut down first (the walk
 * is its only order), and the walk can block on an async device that waits for a device the walk has not
 * reached, or the pool can fill with async devices waiting for devices queued behind them: a hang.
 * Not modelled: v18's fall back to sync when scheduling fails (the kernel runs the entry inline only when
 * memory or its 32768-entry limit runs out).
 */
public final class CompletionsStrategy implements ShutdownStrategy {

    public static final String NAME = "completions";

    public CompletionsStrategy() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Jeffery/Hayes v18: async devices scheduled first and waiting on completions of children and consumers, "
                + "sync devices inline in the reverse walk";
    }

    @Override
    public void plan(ShutdownGraph graph, ShutdownExecutor executor) {
        Program.Builder start = Program.named("start_async_shutdown_devices");
        for (int i = graph.size() - 1; i >= 0; i--) {
            ShutdownNode dev = graph.node(i);
            if (dev.async()) {
                start.action(() -> executor.pool(Program.forNode(dev)
                        .await(executor.allFinished(graph.dependencies(dev),
                                "wait_for_shutdown_dependencies(async): children and consumers of " + dev), Hold.HOLD)
                        .run(dev, Hold.HOLD)
                        .build()));
            }
        }
        executor.main(start.build());
        // The sync walk, one main program per device, run one after another on main: the hang tracker then sees
        // which device the walk is at, and that the devices behind it wait for main.
        for (int i = graph.size() - 1; i >= 0; i--) {
            ShutdownNode dev = graph.node(i);
            if (dev.async()) {
                continue;
            }
            List<ShutdownNode> asyncDependents = graph.dependencies(dev).stream().filter(ShutdownNode::async).toList();
            executor.main(Program.forNode(dev)
                    .await(executor.allFinished(asyncDependents,
                            "wait_for_shutdown_dependencies(sync): async children and consumers of " + dev), Hold.HOLD)
                    .run(dev, Hold.HOLD)
                    .build());
        }
        executor.main(Program.named("async_synchronize_full")
                .await(executor.allFinished(graph.nodes(), "async_synchronize_full()"), Hold.HOLD)
                .build());
    }
}
