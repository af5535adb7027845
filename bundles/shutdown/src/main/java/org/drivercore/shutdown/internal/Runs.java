package org.drivercore.shutdown.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.drivercore.api.ShutdownMode;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownStrategy;
import org.drivercore.shutdown.engine.EngineOptions;
import org.drivercore.shutdown.engine.Environment;
import org.drivercore.shutdown.engine.LowerBound;
import org.drivercore.shutdown.engine.NodeRecord;
import org.drivercore.shutdown.engine.RealEnvironment;
import org.drivercore.shutdown.engine.RunResult;
import org.drivercore.shutdown.engine.ShutdownEngine;
import org.drivercore.shutdown.engine.VirtualEnvironment;
import org.drivercore.shutdown.strategy.DagStrategy;

/** Runs strategies on graphs, each run in a fresh environment. Plain Java: no OSGi here. */
final class Runs {

    /**
     * How runs are made.
     *
     * @param timescale only for the real clock
     * @param deadline  the system deadline, applied to real-clock runs only: a virtual run ends by itself once
     *                  nothing can change, and a deadline would only move a deadlocked run's end to it
     */
    record Clocking(Clock clock, double timescale, Optional<Duration> deadline, Duration hangPeriod, ShutdownMode mode) {

        Environment environment(int pool) {
            return clock == Clock.VIRTUAL ? new VirtualEnvironment() : new RealEnvironment(timescale, realThreads(pool));
        }

        EngineOptions options(int pool) {
            EngineOptions o = new EngineOptions(pool, Optional.empty(), hangPeriod, mode);
            if (clock == Clock.REAL && deadline.isPresent()) {
                o = o.withDeadline(deadline.get());
            }
            return o;
        }

        String describe() {
            return clock == Clock.VIRTUAL ? "virtual clock" : "real clock at time scale " + timescale;
        }
    }

    /** A strategy and the pool it runs with. */
    record Choice(ShutdownStrategy strategy, int pool) {
    }

    private Runs() {
    }

    static RunResult run(ShutdownGraph graph, ShutdownStrategy strategy, int pool, Clocking clocking) {
        return ShutdownEngine.run(graph, strategy, clocking.environment(pool), clocking.options(pool));
    }

    /**
     * Runs every strategy on the same graph and measures them against one lower bound: the one of the durations
     * the {@code dag} run measured (on the virtual clock a callback's duration is its own, whatever the
     * strategy), else, per device, the longest any run measured.
     */
    static List<RunReport> compare(ShutdownGraph graph, List<Choice> choices, Clocking clocking) {
        List<RunResult> results = new ArrayList<>();
        for (Choice c : choices) {
            results.add(run(graph, c.strategy(), c.pool(), clocking));
        }
        long bound = lowerBound(graph, results);
        List<RunReport> reports = new ArrayList<>();
        for (RunResult r : results) {
            reports.add(RunReport.of(graph, r, bound));
        }
        return reports;
    }

    static long lowerBound(ShutdownGraph graph, List<RunResult> results) {
        Optional<RunResult> dag = results.stream().filter(r -> r.strategy().equals(DagStrategy.NAME)).findFirst();
        if (dag.isPresent()) {
            return LowerBound.of(graph, dag.get());
        }
        long[] durations = new long[graph.size()];
        for (RunResult r : results) {
            for (NodeRecord n : r.records()) {
                durations[n.index()] = Math.max(durations[n.index()], n.durationNanos());
            }
        }
        return LowerBound.of(graph, durations);
    }

    /**
     * Threads that carry the engine's steps on the real clock. Logical workers (what peak threads counts)
     * are tokens of the engine; steps never wait on a thread, so a few real threads carry any pool.
     */
    static int realThreads(int pool) {
        return Math.min(pool + 1, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }
}
