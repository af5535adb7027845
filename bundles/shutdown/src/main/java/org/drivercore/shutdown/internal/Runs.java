package org.drivercore.shutdown.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.drivercore.api.ShutdownMode;
import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownStrategy;
import org.drivercore.shutdown.engine.CriticalPath;
import org.drivercore.shutdown.engine.EngineOptions;
import org.drivercore.shutdown.engine.Environment;
import org.drivercore.shutdown.engine.GraphSnapshot;
import org.drivercore.shutdown.engine.NodeRecord;
import org.drivercore.shutdown.engine.Outcome;
import org.drivercore.shutdown.engine.RealEnvironment;
import org.drivercore.shutdown.engine.RunResult;
import org.drivercore.shutdown.engine.ShutdownEngine;
import org.drivercore.shutdown.engine.VirtualEnvironment;
import org.drivercore.shutdown.strategy.DagStrategy;

/**
 * Runs strategies on a snapshot, each on its own view (the links and async flags of its kernel generation) in a fresh
 * environment, and measures each run against the critical path of its own flags. Plain Java: no OSGi here.
 */
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

        Clocking virtual() {
            return new Clocking(Clock.VIRTUAL, 1, deadline, hangPeriod, mode);
        }
    }

    /** A strategy and the pool it runs with. */
    record Choice(ShutdownStrategy strategy, int pool) {
    }

    /**
     * One strategy's run on a snapshot.
     *
     * @param ordering the snapshot with the strategy's async flags, ordered by the links that order Linux's shutdown:
     *                 what its critical path and its violations are judged on
     * @param recorder what each device's program waited for
     */
    record StrategyRun(ShutdownStrategy strategy, AsyncPolicy policy, ShutdownGraph ordering, RunResult result,
            PlanRecorder recorder) {
    }

    private Runs() {
    }

    static RunResult run(ShutdownGraph graph, ShutdownStrategy strategy, int pool, Clocking clocking) {
        return ShutdownEngine.run(graph, strategy, clocking.environment(pool), clocking.options(pool));
    }

    /** The strategy on its own view of the snapshot, its waits recorded. */
    static StrategyRun run(ShutdownGraph snapshot, Choice choice, AsyncPolicy policy, Clocking clocking) {
        return run(snapshot, choice, policy, clocking, null);
    }

    private static StrategyRun run(ShutdownGraph snapshot, Choice choice, AsyncPolicy policy, Clocking clocking,
            Progress.Console progress) {
        PlanRecorder recorder = new PlanRecorder(choice.strategy());
        ShutdownGraph view = GraphSnapshot.view(snapshot, choice.strategy(), policy);
        if (progress != null) {
            view = Progress.observe(view, choice.strategy().name(), progress);
        }
        RunResult result = run(view, recorder, choice.pool(), clocking);
        return new StrategyRun(choice.strategy(), policy,
                GraphSnapshot.ordering(snapshot, choice.strategy().asyncFlags(), policy), result, recorder);
    }

    /**
     * Runs every strategy on the snapshot and measures each against the critical path of its own flags, with the
     * durations of {@link #durations}.
     */
    static Compared compare(ShutdownGraph snapshot, List<Choice> choices, AsyncPolicy policy, Clocking clocking) {
        return compare(snapshot, choices, policy, clocking, null);
    }

    /** The same, each run's progress on the console (null: none): which strategy runs, and its devices as they end. */
    static Compared compare(ShutdownGraph snapshot, List<Choice> choices, AsyncPolicy policy, Clocking clocking,
            Progress.Console progress) {
        List<StrategyRun> runs = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            Choice c = choices.get(i);
            if (progress != null) {
                progress.out().println("compare: strategy " + (i + 1) + " of " + choices.size() + ", "
                        + c.strategy().name() + " (" + clocking.describe() + ")");
                progress.out().flush();
            }
            runs.add(run(snapshot, c, policy, clocking, progress));
        }
        long[] durations = durations(snapshot, runs.stream().map(StrategyRun::result).toList(), clocking);
        List<RunReport> reports = new ArrayList<>();
        for (StrategyRun r : runs) {
            reports.add(RunReport.of(r, durations));
        }
        return new Compared(reports, durations);
    }

    /** The reports of a comparison, and the per-device durations they were measured with. */
    record Compared(List<RunReport> reports, long[] durations) {
    }

    /**
     * Each device's shutdown duration, to measure runs against: the ones the {@code dag} run measured if it ran
     * every device (on the virtual clock a callback's duration is its own, whatever the strategy), else per device the
     * longest any complete run measured; when no run completed (deadlocks), those of a {@code dag} run on the virtual
     * clock, so that a deadlocked run is still measured against the bound of its graph.
     */
    static long[] durations(ShutdownGraph snapshot, List<RunResult> results, Clocking clocking) {
        for (RunResult r : results) {
            if (r.strategy().equals(DagStrategy.NAME) && complete(r)) {
                return CriticalPath.durations(r);
            }
        }
        List<RunResult> complete = results.stream().filter(Runs::complete).toList();
        if (complete.isEmpty()) {
            ShutdownStrategy dag = new DagStrategy();
            RunResult reference = run(GraphSnapshot.view(snapshot, dag, AsyncPolicy.ALL), dag,
                    Math.max(1, Runtime.getRuntime().availableProcessors()), clocking.virtual());
            return CriticalPath.durations(reference);
        }
        long[] durations = new long[snapshot.size()];
        for (RunResult r : complete) {
            for (NodeRecord n : r.records()) {
                durations[n.index()] = Math.max(durations[n.index()], n.durationNanos());
            }
        }
        return durations;
    }

    /** Whether every device ran to its end (done or failed): its durations are real. */
    static boolean complete(RunResult r) {
        return r.records().stream().allMatch(n -> n.outcome() == Outcome.DONE || n.outcome() == Outcome.FAILED);
    }

    /**
     * Threads that carry the engine's steps on the real clock. Logical workers (what peak threads counts)
     * are tokens of the engine; steps never wait on a thread, so a few real threads carry any pool.
     */
    static int realThreads(int pool) {
        return Math.min(pool + 1, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }
}
