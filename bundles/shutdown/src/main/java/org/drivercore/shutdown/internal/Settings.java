package org.drivercore.shutdown.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.shutdown.engine.EngineOptions;
import org.drivercore.shutdown.engine.RealEnvironment;
import org.drivercore.shutdown.internal.ShutdownCoordinator.Config;

/**
 * The coordinator's settings, checked. A bad value is reported (with its key) and replaced by its default, the
 * named constant of {@link Config}, so that a typo in the configuration never costs the device shutdown at
 * power-off.
 */
record Settings(String strategy, AsyncPolicy async, int pool, int kernelPool, double timescale,
        Optional<Duration> deadline, Duration hangPeriod, List<String> problems) {

    Settings {
        problems = List.copyOf(problems);
    }

    static Settings defaults() {
        return new Settings(Config.DEFAULT_STRATEGY, AsyncPolicy.parse(Config.DEFAULT_ASYNC), processors(),
                Config.DEFAULT_KERNEL_POOL, Config.DEFAULT_TIMESCALE, Optional.of(Duration.ofMillis(Config.DEFAULT_DEADLINE_MS)),
                Duration.ofMillis(Config.DEFAULT_HANG_PERIOD_MS), List.of());
    }

    static int processors() {
        return Runtime.getRuntime().availableProcessors();
    }

    static Settings from(Config c) {
        List<String> problems = new ArrayList<>();
        String strategy = c.strategy() == null || c.strategy().isBlank() ? Config.DEFAULT_STRATEGY : c.strategy().trim();
        AsyncPolicy async = AsyncPolicy.parse(Config.DEFAULT_ASYNC);
        try {
            async = AsyncPolicy.parse(c.async() == null ? Config.DEFAULT_ASYNC : c.async());
        } catch (IllegalArgumentException e) {
            problems.add("async: " + e.getMessage() + "; using " + Config.DEFAULT_ASYNC);
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
            problems.add("kernel.pool: " + kernelPool + " is not a number of workers from 1 to " + EngineOptions.MAX_POOL
                    + "; using " + Config.DEFAULT_KERNEL_POOL);
            kernelPool = Config.DEFAULT_KERNEL_POOL;
        }
        double timescale = c.timescale();
        if (!RealEnvironment.validScale(timescale)) {
            problems.add("timescale: " + RealEnvironment.scaleProblem(timescale) + "; using " + Config.DEFAULT_TIMESCALE);
            timescale = Config.DEFAULT_TIMESCALE;
        }
        long deadlineMs = c.deadline_ms();
        if (deadlineMs < 0) {
            problems.add("deadline.ms: " + deadlineMs + " is negative (0 means no deadline); using " + Config.DEFAULT_DEADLINE_MS);
            deadlineMs = Config.DEFAULT_DEADLINE_MS;
        }
        long hangMs = c.hang_period_ms();
        if (hangMs < 1) {
            problems.add("hang.period.ms: " + hangMs + " is not positive; using " + Config.DEFAULT_HANG_PERIOD_MS);
            hangMs = Config.DEFAULT_HANG_PERIOD_MS;
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
        return "strategy=" + strategy + ", async=" + async.externalName() + ", pool=" + pool + ", kernel.pool=" + kernelPool
                + ", timescale=" + timescale + ", deadline.ms=" + deadline.map(Duration::toMillis).orElse(0L)
                + ", hang.period.ms=" + hangPeriod.toMillis();
    }
}
