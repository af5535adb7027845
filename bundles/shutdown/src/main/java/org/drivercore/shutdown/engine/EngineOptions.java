package org.drivercore.shutdown.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.drivercore.api.ShutdownMode;

/**
 * Settings of one run.
 *
 * @param poolSize   the bounded worker pool (main is extra)
 * @param deadline   the optional system deadline: unfinished nodes then time out and the barrier releases
 * @param hangPeriod how long without any node finishing before the hang tracker reports (emulated time)
 * @param mode       power-off, reboot or halt, as the drivers see it
 */
public record EngineOptions(int poolSize, Optional<Duration> deadline, Duration hangPeriod, ShutdownMode mode) {

    /** Fuchsia's removal tracker reports every 15 s. */
    public static final long DEFAULT_HANG_PERIOD_MS = 15_000;
    public static final Duration DEFAULT_HANG_PERIOD = Duration.ofMillis(DEFAULT_HANG_PERIOD_MS);
    /** The largest pool: far beyond the kernel's 256 active async works, small enough to hold. */
    public static final int MAX_POOL = 65_536;

    public EngineOptions {
        Objects.requireNonNull(deadline, "deadline (use Optional.empty() for none)");
        Objects.requireNonNull(hangPeriod, "hangPeriod");
        Objects.requireNonNull(mode, "mode");
        if (poolSize < 1 || poolSize > MAX_POOL) {
            throw new IllegalArgumentException("the worker pool needs 1 to " + MAX_POOL + " workers, got " + poolSize);
        }
        if (deadline.isPresent() && (deadline.get().isNegative() || deadline.get().isZero())) {
            throw new IllegalArgumentException("the system deadline must be positive, got " + deadline.get());
        }
        if (hangPeriod.isNegative() || hangPeriod.isZero()) {
            throw new IllegalArgumentException("the hang period must be positive, got " + hangPeriod);
        }
    }

    public static EngineOptions of(int poolSize) {
        return new EngineOptions(poolSize, Optional.empty(), DEFAULT_HANG_PERIOD, ShutdownMode.POWEROFF);
    }

    public EngineOptions withDeadline(Duration d) {
        return new EngineOptions(poolSize, Optional.of(d), hangPeriod, mode);
    }

    public EngineOptions withMode(ShutdownMode m) {
        return new EngineOptions(poolSize, deadline, hangPeriod, m);
    }
}
