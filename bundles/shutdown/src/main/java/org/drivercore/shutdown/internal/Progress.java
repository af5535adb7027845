package org.drivercore.shutdown.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import org.drivercore.api.ShutdownContext;
import org.drivercore.api.shutdown.ShutdownCallback;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a system shutdown as devices finish: each device's end at DEBUG, a line per 10 % at INFO. It
 * observes the callbacks (a copy of the graph whose callbacks report when their work ends), so the engine
 * needs no hook; ordering-only devices (no callback) finish with their dependencies and are not counted.
 */
final class Progress {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    /** A terminal's progress line is drawn at most every 100 ms (and at the end). */
    private static final long REDRAW_NANOS = 100_000_000L;

    /**
     * Where a user watches the progress: a line that updates in place on a terminal, or a plain line per 10 % when
     * the output is not one.
     *
     * @param expectedNanos the critical path to show beside the elapsed time (0: not known)
     */
    record Console(java.io.PrintStream out, boolean terminal, long expectedNanos) {
    }

    private final String strategy;
    private final int total;
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final Console console;
    /** The most devices the console has shown done (guarded by the console). */
    private int shown;
    /** When the console's line was last drawn (guarded by the console). */
    private long lastShownNanos = System.nanoTime() - REDRAW_NANOS;

    private Progress(String strategy, int total, Console console) {
        this.strategy = strategy;
        this.total = total;
        this.console = console;
    }

    /** The same graph (same indices, edges, async flags), whose callbacks report their end to the log. */
    static ShutdownGraph observe(ShutdownGraph graph, String strategy) {
        return observe(graph, strategy, null);
    }

    /** The same, also shown on a console (null: the log only). */
    static ShutdownGraph observe(ShutdownGraph graph, String strategy, Console console) {
        int total = (int) graph.nodes().stream().filter(ShutdownNode::hasWork).count();
        Progress p = new Progress(strategy, total, console);
        List<ShutdownNode.Builder> nodes = new ArrayList<>(graph.size());
        for (ShutdownNode n : graph.nodes()) {
            nodes.add(n.toBuilder().callback(n.hasWork() ? p.wrap(n) : null));
        }
        if (console == null) {
            LOG.info("Shutdown ({}): {} devices, {} with shutdown work", strategy, graph.size(), total);
        }
        return new ShutdownGraph(graph.name(), nodes);
    }

    private ShutdownCallback wrap(ShutdownNode n) {
        ShutdownCallback callback = n.callback();
        return ctx -> {
            LOG.debug("Shutting down {}", n.path());
            started.incrementAndGet();
            CompletionStage<Void> work;
            try {
                work = callback.run(ctx);
            } catch (RuntimeException e) {
                ended(n, ctx, e);
                throw e;
            }
            if (work == null) {
                ended(n, ctx, null);
            } else {
                work.whenComplete((v, e) -> ended(n, ctx, e));
            }
            return work;
        };
    }

    private void ended(ShutdownNode n, ShutdownContext ctx, Throwable failure) {
        if (failure instanceof java.util.concurrent.CancellationException
                || failure instanceof java.util.concurrent.CompletionException
                        && failure.getCause() instanceof java.util.concurrent.CancellationException) {
            return; // the run ended (interrupted, a deadline) and ended this device's wait: nothing to show
        }
        int count = ended.incrementAndGet();
        double at = ctx.elapsed().toNanos() / 1e6;
        if (failure != null) {
            failed.incrementAndGet();
            // The engine warns of every failure already; the progress only counts it.
            LOG.debug("Shutdown of {} failed at {} ms: {}", n.path(), String.format("%.3f", at), failure.toString());
        } else {
            LOG.debug("{} shut down at {} ms ({} of {})", n.path(), String.format("%.3f", at), count, total);
        }
        int before = (count - 1) * 10 / Math.max(1, total);
        int now = count * 10 / Math.max(1, total);
        if (console != null && (console.terminal() || now > before || count == total)) {
            synchronized (console) {
                // Under the lock, and never backwards: threads finish devices in any order.
                int done = Math.max(count, shown);
                if (done == shown && !(count == total && console.terminal())) {
                    return;
                }
                long nowNanos = System.nanoTime();
                if (console.terminal() && done < total && nowNanos - lastShownNanos < REDRAW_NANOS) {
                    return; // a terminal line redrawn ten times a second is enough, and costs a real-clock run little
                }
                lastShownNanos = nowNanos;
                shown = done;
                String line = String.format(java.util.Locale.ROOT, "shutdown (%s): %d of %d devices with work done, %d "
                        + "running, %.3f s emulated%s", strategy, done, total, Math.max(0, started.get() - done), at / 1e3,
                        console.expectedNanos() > 0 ? String.format(java.util.Locale.ROOT, " (critical path %.3f s)",
                                console.expectedNanos() / 1e9) : "");
                if (console.terminal()) {
                    // Carriage return, the line, then clear what a longer line left behind.
                    console.out().print("\r" + line + "\033[K" + (done == total ? "\n" : ""));
                } else {
                    console.out().println(line);
                }
                console.out().flush();
            }
        }
        if (now > before && console == null) {
            // (With a console, the console line is the progress: the log would say it twice.)
            LOG.info("Shutdown ({}): {}% ({} of {} devices with shutdown work{}) at {} s emulated", strategy, now * 10,
                    count, total, failed.get() == 0 ? "" : ", " + failed.get() + " failed",
                    String.format(java.util.Locale.ROOT, "%.3f", at / 1e3));
        }
    }
}
