package org.drivercore.shutdown.strategy;

import java.util.EnumSet;
import java.util.Set;

import org.drivercore.api.LinkFlag;
import org.drivercore.api.shutdown.AsyncSource;
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
 * child (a late probe before 4.18, a sync-state-only link), the consumer or child is scheduled later, its later cookie lands in the supplier's or
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

    /** v8's opt-in is the driver's {@code async_shutdown_enable} (nvme-pci set it, ba82e10c3c6b). */
    @Override
    public Set<AsyncSource> asyncFlags() {
        return EnumSet.of(AsyncSource.DRIVER);
    }

    /**
     * As merged (8064952c6504), v8 set {@code shutdown_after} on every supplier, sync-state-only links included; the
     * skip came with 4f2c346e6216 ("driver core: fix async device shutdown hang", 2024-09-18) and was reverted with the
     * series on 2024-09-25. This strategy is v8 as merged: it waits on every link.
     */
    @Override
    public boolean honours(Set<LinkFlag> linkFlags) {
        return true;
    }

    @Override
    public void plan(ShutdownGraph graph, ShutdownExecutor executor) {
        new Run(graph, executor).plan();
    }

    /** The state of one shutdown: sd_domain and each device's shutdown_after. */
    private static final class Run {
        private final ShutdownGraph graph;
        private final ShutdownExecutor executor;
        private final AsyncDomain domain;
        /** Each device's p->shutdown_after. */
        private final long[] shutdownAfter;
        /** device_shutdown()'s local {@code cookie}: the last one async_schedule_domain returned. */
        private long last;

        Run(ShutdownGraph graph, ShutdownExecutor executor) {
            this.graph = graph;
            this.executor = executor;
            this.domain = new AsyncDomain(executor);
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
            long c = domain.schedule(dev);
            last = c;
            executor.pool(Program.forNode(dev)
                    .await(() -> domain.synchronizeCookie(dev, shutdownAfter[dev.index()] + 1), Hold.HOLD)
                    .run(dev, Hold.HOLD)
                    .build());
            dev.parent().ifPresent(p -> shutdownAfter[p] = c);
            for (int s : dev.suppliers()) {
                shutdownAfter[s] = c;
            }
        }
    }
}
