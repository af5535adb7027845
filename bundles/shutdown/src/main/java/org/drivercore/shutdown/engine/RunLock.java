package org.drivercore.shutdown.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The run's one lock, and the tasks and timers that take it: an engine task runs under the lock, a driver's timer
 * does not; both are counted until they have run, so that the run knows when nothing can change any more.
 */
final class RunLock {

    private final ReentrantLock lock = new ReentrantLock();
    private final Environment env;
    /** Engine tasks and driver timers not yet run: with none and no callback running, nothing can change. */
    private final AtomicInteger inFlight = new AtomicInteger();

    RunLock(Environment env) {
        this.env = env;
    }

    void locked(Runnable r) {
        lock.lock();
        try {
            r.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code call} without the lock, however often this thread holds it: a driver that blocks must not stop the
     * deadline, the hang tracker or the other threads.
     */
    <T> T unlocked(Supplier<T> call) {
        int holds = lock.getHoldCount();
        for (int h = 0; h < holds; h++) {
            lock.unlock();
        }
        try {
            return call.get();
        } finally {
            for (int h = 0; h < holds; h++) {
                lock.lock();
            }
        }
    }

    /** An engine task, run under the lock; counted until it has run. */
    void post(Runnable task) {
        inFlight.incrementAndGet();
        env.execute(() -> {
            try {
                locked(task);
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    /** A timer of the engine or of a driver's wait; counted until it has run. */
    void timer(long delayNanos, Runnable task) {
        inFlight.incrementAndGet();
        env.schedule(delayNanos, () -> {
            try {
                task.run();
            } finally {
                inFlight.decrementAndGet();
            }
        }, false);
    }

    /** No task or timer is pending. */
    boolean idle() {
        return inFlight.get() == 0;
    }
}
