package org.drivercore.shutdown.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Wall-clock time: timers on a scheduler thread and steps on a bounded set of threads. Emulated latencies
 * are multiplied by the time scale (0.1 makes a 4.5 s NVMe shutdown take 450 ms).
 */
public final class RealEnvironment implements Environment {

    private final double scale;
    /** When the clock started: at the first reading, so that a run on a fresh environment starts at 0. */
    private long origin;
    private boolean started;
    private final ScheduledExecutorService timers;
    private volatile boolean interrupted;
    private final ExecutorService threads;

    /** The largest time scale: a thousand times slower than the emulated machine. */
    public static final double MAX_SCALE = 1000;

    /** Whether a time scale (real time per emulated time) is accepted: above 0 and at most {@value #MAX_SCALE}. */
    public static boolean validScale(double scale) {
        return scale > 0 && scale <= MAX_SCALE;
    }

    /** Why a time scale is refused, for messages that put the setting's name before it. */
    public static String scaleProblem(Object given) {
        return given + " is not above 0 and at most " + (long) MAX_SCALE;
    }

    /**
     * @param scale   real time per emulated time, in (0, 1000]
     * @param threads how many threads run steps (the pool plus main)
     */
    public RealEnvironment(double scale, int threads) {
        if (!validScale(scale)) {
            throw new IllegalArgumentException("the time scale must be above 0 and at most " + (long) MAX_SCALE + ", got " + scale);
        }
        this.scale = scale;
        AtomicInteger n = new AtomicInteger();
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "drivercore-shutdown-timer"));
        this.threads = Executors.newFixedThreadPool(threads, r -> daemon(r, "drivercore-shutdown-" + n.incrementAndGet()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public long now() {
        synchronized (this) {
            long t = System.nanoTime();
            if (!started) {
                started = true;
                origin = t;
                return 0;
            }
            return (long) ((t - origin) / scale);
        }
    }

    @Override
    public void schedule(long delayNanos, Runnable task, boolean daemon) {
        long real = (long) (delayNanos * scale);
        if (real <= 0) {
            execute(task);
            return;
        }
        try {
            timers.schedule(() -> execute(task), real, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The run is over (a deadline ended it while a driver still waited): its late timers do not matter.
        }
    }

    @Override
    public void execute(Runnable task) {
        try {
            threads.execute(task);
        } catch (RejectedExecutionException e) {
            // The run is over; see schedule().
        }
    }

    @Override
    public boolean runUntil(BooleanSupplier done) {
        // Checking every millisecond costs the run nothing: the run records its own barrier time. Waking
        // this thread after every task instead took the run's lock on every status poll of every driver.
        while (!done.getAsBoolean()) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                // Recorded, not set again on the thread (see Environment.interrupted()).
                interrupted = true;
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean interrupted() {
        return interrupted;
    }

    @Override
    public void close() {
        timers.shutdownNow();
        threads.shutdownNow();
    }
}
