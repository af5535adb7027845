package org.drivercore.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/** A shutdown context for tests of buses, classes and drivers: time moves only when they wait; notes are kept. */
public final class RecordingContext implements ShutdownContext {

    public final List<String> notes = new ArrayList<>();
    public final List<Duration> sleeps = new ArrayList<>();
    /** How many times a polling wait looked at its condition. */
    public int polls;
    private final ShutdownMode mode;
    private Duration now = Duration.ZERO;

    public RecordingContext(ShutdownMode mode) {
        this.mode = mode;
    }

    @Override
    public Duration elapsed() {
        return now;
    }

    @Override
    public Optional<Duration> remaining() {
        return Optional.empty();
    }

    @Override
    public ShutdownMode mode() {
        return mode;
    }

    @Override
    public void note(String event) {
        notes.add(event);
    }

    @Override
    public CompletionStage<Void> sleep(Duration duration) {
        sleeps.add(duration);
        now = now.plus(duration);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Boolean> pollUntil(BooleanSupplier condition, Duration interval, Duration timeout) {
        Duration end = now.plus(timeout);
        while (true) {
            polls++;
            if (condition.getAsBoolean()) {
                return CompletableFuture.completedFuture(true);
            }
            if (now.compareTo(end) >= 0) {
                return CompletableFuture.completedFuture(false);
            }
            now = now.plus(interval);
        }
    }
}
