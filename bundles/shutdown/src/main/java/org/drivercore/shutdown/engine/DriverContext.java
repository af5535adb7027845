package org.drivercore.shutdown.engine;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

import org.drivercore.api.ShutdownContext;
import org.drivercore.api.ShutdownMode;

/**
 * What a driver's shutdown callback waits through: the run's clock and timers, the system deadline and the mode.
 * Every wait is a timer of the environment, so the same driver code runs on the virtual and the real clock. One per
 * node: what the driver notes goes into that node's trace.
 */
final class DriverContext implements ShutdownContext {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DriverContext.class);

    /** Where a node's notes go: the run's table, under the run's lock. */
    @FunctionalInterface
    interface Notes {
        void note(int node, String text);
    }

    /** Schedules a timer of the run: a task after an emulated delay, counted until it has run. */
    interface Timers {
        void after(long delayNanos, Runnable task);

        /** A wait of the driver's, which the run ends if it is still open when the run is over. */
        <T> CompletableFuture<T> track(CompletableFuture<T> wait);
    }

    private final Environment env;
    private final EngineOptions options;
    private final Timers timers;
    private final Notes notes;
    private final String device;
    private final int node;

    DriverContext(Environment env, EngineOptions options, Timers timers, String device, int node, Notes notes) {
        this.env = env;
        this.options = options;
        this.timers = timers;
        this.device = device;
        this.node = node;
        this.notes = notes;
    }

    @Override
    public void note(String event) {
        String text = String.format(java.util.Locale.ROOT, "%.3f ms: %s", env.now() / 1e6, event);
        LOG.debug("{}: {}", device, text);
        notes.note(node, text);
    }

    @Override
    public Duration elapsed() {
        return Duration.ofNanos(env.now());
    }

    @Override
    public Optional<Duration> remaining() {
        return options.deadline().map(d -> d.minusNanos(env.now()));
    }

    @Override
    public ShutdownMode mode() {
        return options.mode();
    }

    /**
     * A stage that the run ends (exceptionally) if it is still open when the run is over, and that nothing else
     * completes unless its holder does: what a device lock held past the run's end is released by.
     */
    CompletableFuture<Void> untilTheRunEnds() {
        return timers.track(new CompletableFuture<>());
    }

    @Override
    public CompletionStage<Void> sleep(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            // Nothing to wait for: no timer round-trip, which on the real clock cost a device tens of microseconds.
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = timers.track(new CompletableFuture<>());
        timers.after(duration.toNanos(), () -> f.complete(null));
        return f;
    }

    @Override
    public CompletionStage<Boolean> pollUntil(BooleanSupplier condition, Duration interval, Duration timeout) {
        CompletableFuture<Boolean> f = timers.track(new CompletableFuture<>());
        long giveUp = env.now() + timeout.toNanos();
        poll(f, condition, interval.toNanos(), giveUp);
        return f;
    }

    private void poll(CompletableFuture<Boolean> f, BooleanSupplier condition, long interval, long giveUp) {
        if (condition.getAsBoolean()) {
            f.complete(true);
        } else if (env.now() >= giveUp) {
            f.complete(false);
        } else {
            timers.after(Math.min(interval, giveUp - env.now()), () -> poll(f, condition, interval, giveUp));
        }
    }
}
