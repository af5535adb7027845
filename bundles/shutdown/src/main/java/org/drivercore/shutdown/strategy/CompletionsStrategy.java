package org.drivercore.shutdown.strategy;

import java.util.EnumSet;
import java.util.HashSet;
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
 * <p>
 * Scheduling can fail: {@code async_schedule_dev_nocall()} refuses an entry when more than {@value #MAX_WORK}
 * are already pending ({@code atomic_read(&entry_count) > MAX_WORK} in kernel/async.c; or when memory runs
 * out, which is not modelled), and v18 then shuts that device down synchronously in the walk. The start walk
 * takes no time, so every entry it scheduled is still pending: the first {@value #MAX_WORK} + 1 async devices
 * are scheduled, the rest fall back to sync.
 */
public final class CompletionsStrategy implements ShutdownStrategy {

    public static final String NAME = "completions";
    /** kernel/async.c: a new entry is refused while more than this many are pending. */
    public static final int MAX_WORK = 32768;

    private final int maxWork;

    public CompletionsStrategy() {
        this(MAX_WORK);
    }

    /** With another limit on pending entries, so that tests can reach the fallback on small graphs. */
    CompletionsStrategy(int maxWork) {
        if (maxWork < 0) {
            throw new IllegalArgumentException("maxWork must be >= 0, got " + maxWork);
        }
        this.maxWork = maxWork;
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

    /**
     * v18's opt-in is the subsystem's: {@code dev_set_async_shutdown()} for every PCI function and host bridge and for
     * SCSI hosts and targets, whatever the driver. Its {@code wait_for_shutdown_dependencies()} skips the links that
     * only exist for sync-state, as the default {@link #honours} does.
     */
    @Override
    public Set<AsyncSource> asyncFlags() {
        return EnumSet.of(AsyncSource.SUBSYSTEM);
    }

    @Override
    public void plan(ShutdownGraph graph, ShutdownExecutor executor) {
        Program.Builder start = Program.named("start_async_shutdown_devices");
        Set<ShutdownNode> scheduled = new HashSet<>();
        for (int i = graph.size() - 1; i >= 0; i--) {
            ShutdownNode dev = graph.node(i);
            if (dev.async() && scheduled.size() <= maxWork) {
                scheduled.add(dev);
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
            if (scheduled.contains(dev)) {
                continue;
            }
            // Sync devices, and async ones whose scheduling failed, wait for what runs on the pool only.
            List<ShutdownNode> asyncDependents = graph.dependencies(dev).stream().filter(scheduled::contains).toList();
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
