package org.drivercore.shutdown.strategy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.drivercore.api.shutdown.Condition;
import org.drivercore.api.shutdown.Program;
import org.drivercore.api.shutdown.Program.Hold;
import org.drivercore.api.shutdown.ShutdownExecutor;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.api.shutdown.ShutdownStrategy;

/**
 * Stuart Hayes's v8 "driver core: shut down devices asynchronously" (merged to driver-core-next in 2024,
 * reverted on 2024-09-25), with its flaws kept on purpose.
 *
 * <p>The reverse walk on the shutting-down thread schedules every device, sync or async, with
 * {@code async_schedule_domain(shutdown_one_device_async, dev, &sd_domain)}, which returns an increasing
 * cookie (1, 2, ...). Per device, in this order:
 * <ol>
 * <li>a sync device (no driver, or a driver without {@code async_shutdown_enable}) gets
 * {@code shutdown_after = cookie}, where {@code cookie} still holds the previous device's cookie (0 at first);</li>
 * <li>the device is scheduled and gets its own cookie;</li>
 * <li>its parent's and each of its suppliers' {@code shutdown_after} is set to that cookie, overwriting what an
 * earlier child or consumer wrote.</li>
 * </ol>
 * The walk ends with {@code async_synchronize_full_domain(&sd_domain)}. Each scheduled entry, when a worker
 * runs it, reads its device's {@code shutdown_after} then and calls
 * {@code async_synchronize_cookie_domain(shutdown_after + 1, &sd_domain)}: it waits, holding its worker, until
 * every entry of the domain with a smaller cookie has returned; its own entry counts too (an entry leaves the
 * domain only after its function returned). Then it shuts the device down.
 *
 * <p>Consequences, as reported on the list: when a supplier is listed after its consumer, or a parent after its
 * child (a late probe), the consumer or child is scheduled later, its later cookie lands in the supplier's or
 * parent's {@code shutdown_after}, and that device waits for a cookie above its own: for itself, so for ever
 * (the mailbox/remoteproc board; the Allwinner A64 whose {@code mmc0} waited on 297 with cookie 264). On a
 * list in order no device waits on a later cookie, so the FIFO pool always makes progress, but every device
 * holds a worker while it waits: about one thread per device.
 */
public final class CookieChainStrategy implements ShutdownStrategy {

    public static final String NAME = "cookie-chain";

    public CookieChainStrategy() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Hayes v8 (reverted): every device on the async pool, ordered by a cookie chain that later children "
                + "and consumers overwrite; hangs when the list is out of order";
    }

    @Override
    public void plan(ShutdownGraph graph, ShutdownExecutor executor) {
        new Run(graph, executor).plan();
    }

    /** The state of one shutdown: sd_domain's cookies and each device's shutdown_after. */
    private static final class Run {
        private final ShutdownGraph graph;
        private final ShutdownExecutor executor;
        /** Each device's cookie (0: not scheduled yet). */
        private final long[] cookie;
        /** Each device's p->shutdown_after. */
        private final long[] shutdownAfter;
        /** The scheduled entries: entry {@code c - 1} has cookie {@code c}. */
        private final List<ShutdownNode> entries = new ArrayList<>();
        /** device_shutdown()'s local {@code cookie}: the last one async_schedule_domain returned. */
        private long last;
        /** How many entries, from cookie 1 on, have all returned. */
        private int returned;

        Run(ShutdownGraph graph, ShutdownExecutor executor) {
            this.graph = graph;
            this.executor = executor;
            this.cookie = new long[graph.size()];
            this.shutdownAfter = new long[graph.size()];
        }

        void plan() {
            Program.Builder walk = Program.named("device_shutdown (v8 cookie chain)");
            for (int i = graph.size() - 1; i >= 0; i--) {
                ShutdownNode dev = graph.node(i);
                walk.action(() -> schedule(dev));
            }
            walk.await(executor.allFinished(graph.nodes(), "async_synchronize_full_domain(&sd_domain)"), Hold.HOLD);
            executor.main(walk.build());
        }

        /** One iteration of v8's walk. */
        private void schedule(ShutdownNode dev) {
            if (!dev.async()) {
                shutdownAfter[dev.index()] = last;
            }
            long c = ++last;
            cookie[dev.index()] = c;
            entries.add(dev);
            executor.pool(Program.forNode(dev)
                    .await(() -> synchronizeCookie(dev, shutdownAfter[dev.index()] + 1), Hold.HOLD)
                    .run(dev, Hold.HOLD)
                    .build());
            dev.parent().ifPresent(p -> shutdownAfter[p] = c);
            for (int s : dev.suppliers()) {
                shutdownAfter[s] = c;
            }
        }

        /** async_synchronize_cookie_domain(target): every entry with a cookie below target has returned. */
        private Condition synchronizeCookie(ShutdownNode dev, long target) {
            String description = "async_synchronize_cookie_domain(" + target + ") with its own cookie "
                    + cookie[dev.index()];
            return executor.condition(description, () -> lowestInProgress() >= target, () -> pending(dev, target));
        }

        /**
         * lowest_in_progress(): the cookie of the first entry of the domain that has not returned (one above the
         * last cookie when none is left). Entries return for good, so the scan only moves forward.
         */
        private long lowestInProgress() {
            while (returned < entries.size() && executor.finished(entries.get(returned))) {
                returned++;
            }
            return returned + 1L;
        }

        /** The entries below target not yet returned; the device's own entry last, so that a cycle names others. */
        private Collection<ShutdownNode> pending(ShutdownNode dev, long target) {
            List<ShutdownNode> out = new ArrayList<>();
            boolean self = false;
            long upTo = Math.min(target - 1, entries.size());
            for (int c = 1; c <= upTo; c++) {
                ShutdownNode e = entries.get(c - 1);
                if (executor.finished(e)) {
                    continue;
                }
                if (e == dev) {
                    self = true;
                } else {
                    out.add(e);
                }
            }
            if (self) {
                out.add(dev);
            }
            return out;
        }
    }
}
