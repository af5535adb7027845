package org.drivercore.shutdown.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.drivercore.shutdown.engine.EngineOptions;
import org.drivercore.shutdown.engine.GraphSnapshot.AsyncPolicy;
import org.drivercore.shutdown.engine.RealEnvironment;

/**
 * The coordinator's settings, checked. A bad value is reported (with its key) and replaced by its default,
 * so that a typo in the configuration never costs the device shutdown at power-off.
 */
record Settings(String strategy, AsyncPolicy async, int pool, int kernelPool, double timescale,
        Optional<Duration> deadline, Duration hangPeriod, List<String> problems) {

    static final String DEFAULT_STRATEGY = "dag";
    static final int DEFAULT_KERNEL_POOL = 256;
    static final double DEFAULT_TIMESCALE = 0.1;
    static final long DEFAULT_DEADLINE_MS = 300_000;
    static final long DEFAULT_HANG_PERIOD_MS = 15_000;

    Settings {
        problems = List.copyOf(problems);
    }

    static Settings defaults() {
        return new Settings(DEFAULT_STRATEGY, AsyncPolicy.OPT_IN, processors(), DEFAULT_KERNEL_POOL, DEFAULT_TIMESCALE,
                Optional.of(Duration.ofMillis(DEFAULT_DEADLINE_MS)), Duration.ofMillis(DEFAULT_HANG_PERIOD_MS), List.of());
    }

    static int processors() {
        return Runtime.getRuntime().availableProcessors();
    }

    static Settings from(ShutdownConfig c) {
        List<String> problems = new ArrayList<>();
        String strategy = c.strategy() == null || c.strategy().isBlank() ? DEFAULT_STRATEGY : c.strategy().trim();
        AsyncPolicy async = AsyncPolicy.OPT_IN;
        try {
            async = AsyncPolicy.parse(c.async() == null ? "opt-in" : c.async());
        } catch (IllegalArgumentException e) {
            problems.add("async: " + e.getMessage() + "; using opt-in");
        }
        int pool = c.pool();
        if (pool < 0 || pool > EngineOptions.MAX_POOL) {
            problems.add("pool: " + pool + " is not from 0 (the number of processors) to " + EngineOptions.MAX_POOL
                    + "; using " + processors());
            pool = 0;
        }
        if (pool == 0) {
            pool = processors();
        }
        int kernelPool = c.kernel_pool();
        if (kernelPool < 1 || kernelPool > EngineOptions.MAX_POOL) {
            problems.add("kernel.pool: " + kernelPool + " is not a number of workers from 1 to " + EngineOptions.MAX_POOL + "; using " + DEFAULT_KERNEL_POOL);
            kernelPool = DEFAULT_KERNEL_POOL;
        }
        double timescale = c.timescale();
        if (!RealEnvironment.validScale(timescale)) {
            problems.add("timescale: " + timescale + " is not above 0 and at most 1000; using " + DEFAULT_TIMESCALE);
            timescale = DEFAULT_TIMESCALE;
        }
        long deadlineMs = c.deadline_ms();
        if (deadlineMs < 0) {
            problems.add("deadline.ms: " + deadlineMs + " is negative (0 means no deadline); using " + DEFAULT_DEADLINE_MS);
            deadlineMs = DEFAULT_DEADLINE_MS;
        }
        long hangMs = c.hang_period_ms();
        if (hangMs < 1) {
            problems.add("hang.period.ms: " + hangMs + " is not positive; using " + DEFAULT_HANG_PERIOD_MS);
            hangMs = DEFAULT_HANG_PERIOD_MS;
        }
        return new Settings(strategy, async, pool, kernelPool, timescale,
                deadlineMs == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(deadlineMs)), Duration.ofMillis(hangMs),
                problems);
    }

    /** The pool a strategy runs with unless told otherwise. */
    int poolFor(StrategyRegistry.Kind kind) {
        return kind == StrategyRegistry.Kind.KERNEL ? kernelPool : pool;
    }

    @Override
    public String toString() {
        return "strategy=" + strategy + ", async=" + async.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + ", pool=" + pool + ", kernel.pool=" + kernelPool + ", timescale=" + timescale + ", deadline.ms="
                + deadline.map(Duration::toMillis).orElse(0L) + ", hang.period.ms=" + hangPeriod.toMillis();
    }
}
