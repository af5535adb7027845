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
 * Every wait is a timer of the environment, so the same driver code runs on the virtual and the real clock.
 */
final class DriverContext implements ShutdownContext {

    /** Schedules a timer of the run: a task after an emulated delay, counted until it has run. */
    @FunctionalInterface
    interface Timers {
        void after(long delayNanos, Runnable task);
    }

    private final Environment env;
    private final EngineOptions options;
    private final Timers timers;

    DriverContext(Environment env, EngineOptions options, Timers timers) {
        this.env = env;
        this.options = options;
        this.timers = timers;
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

    @Override
    public CompletionStage<Void> sleep(Duration duration) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        timers.after(duration.toNanos(), () -> f.complete(null));
        return f;
    }

    @Override
    public CompletionStage<Boolean> pollUntil(BooleanSupplier condition, Duration interval, Duration timeout) {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
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
