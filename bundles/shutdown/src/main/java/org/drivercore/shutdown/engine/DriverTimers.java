package org.drivercore.shutdown.engine;

import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The timers of the drivers' waits ({@code ctx.sleep}, {@code ctx.pollUntil}), and the waits not yet over.
 *
 * <p>A run that ends before its drivers do (the system deadline, an interrupt, a hang) closes its environment, and
 * the timers still pending never fire. A wait left open would keep its device locked for good (the registry's
 * {@code shutdownLocked} ends with the driver's work), and the next unbind of that device would wait forever. So
 * the run ends every open wait, exceptionally: no driver code runs on after its run, and every device lock is
 * given back.
 */
final class DriverTimers implements DriverContext.Timers {

    private final RunLock lock;
    private final Set<CompletableFuture<?>> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    DriverTimers(RunLock lock) {
        this.lock = lock;
    }

    @Override
    public void after(long delayNanos, Runnable task) {
        lock.timer(delayNanos, task);
    }

    @Override
    public <T> CompletableFuture<T> track(CompletableFuture<T> wait) {
        if (!closed) {
            open.add(wait);
            wait.whenComplete((v, e) -> open.remove(wait));
        }
        if (closed) {
            // The run ended (before, or while this wait was added): a driver's timer fired just before its end, and its
            // code asked for another wait. Over at once.
            end(wait);
        }
        return wait;
    }

    /**
     * Ends every wait still open, as cancelled because the run ended, and every wait asked for from now on; returns how
     * many were open.
     */
    int endOpenWaits() {
        closed = true;
        int ended = 0;
        for (CompletableFuture<?> wait : open) {
            if (end(wait)) {
                ended++;
            }
        }
        return ended;
    }

    private static boolean end(CompletableFuture<?> wait) {
        return wait.completeExceptionally(new CancellationException("the shutdown run ended before this wait did"));
    }
}
