package org.drivercore.shutdown.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.drivercore.shutdown.engine.CriticalPath;
import org.drivercore.shutdown.engine.NodeRecord;
import org.drivercore.shutdown.engine.OrderingChecker;
import org.drivercore.shutdown.engine.OrderingChecker.Violation;
import org.drivercore.shutdown.engine.Outcome;
import org.drivercore.shutdown.engine.RunResult;

/**
 * The figures of one strategy's run: against the critical path of the flags it ran with, and the all-async critical
 * path of the same graph; one entry of {@code dc:compare}, and (with its per-device records) the report of a system
 * shutdown.
 *
 * @param criticalPathNanos the critical path under the ordering model with the strategy's own async flags
 * @param allAsyncNanos     the critical path with every device with work async: the machine's limit
 * @param violations        every ordering violation the independent checker found in the trace
 */
record RunReport(Runs.StrategyRun strategyRun, long criticalPathNanos, long allAsyncNanos, List<Violation> violations) {

    /** How many violations a text report describes (all are counted, and JSON has them all). */
    static final int VIOLATIONS_SHOWN = 5;

    RunReport {
        violations = List.copyOf(violations);
    }

    /** The run measured with these per-device durations. */
    static RunReport of(Runs.StrategyRun r, long[] durations) {
        return new RunReport(r, CriticalPath.underOrdering(r.ordering(), durations),
                CriticalPath.allAsync(r.ordering(), durations), OrderingChecker.check(r.ordering(), r.result()));
    }

    RunResult run() {
        return strategyRun.result();
    }

    String name() {
        return run().strategy();
    }

    String flagsText() {
        return Flags.describe(strategyRun.strategy().asyncFlags(), strategyRun.policy());
    }

    double makespanMs() {
        return ms(run().makespanNanos());
    }

    /**
     * makespan / critical path, to 4 decimals; 1.0 for an empty shutdown; null for a run that did not shut every device
     * down (a deadlock: its makespan is when it got stuck, not a shutdown time), or when the path is 0 and the run was not.
     */
    Double ratio() {
        if (!Runs.complete(run())) {
            return null;
        }
        if (criticalPathNanos <= 0) {
            return run().makespanNanos() <= 0 ? 1.0 : null;
        }
        return Math.round((double) run().makespanNanos() / criticalPathNanos * 10_000) / 10_000.0;
    }

    /** Counts per outcome, keys {@code done}, {@code failed}, {@code timedOut}, {@code skipped}. */
    Map<String, Integer> outcomes() {
        Map<String, Integer> out = new LinkedHashMap<>();
        run().outcomes().forEach((o, n) -> out.put(outcomeName(o), n));
        return out;
    }

    static String outcomeName(Outcome o) {
        return switch (o) {
            case DONE -> "done";
            case FAILED -> "failed";
            case TIMED_OUT -> "timedOut";
            case SKIPPED -> "skipped";
        };
    }

    /** The entry of {@code dc:compare --json}. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name());
        m.put("flags", Flags.list(strategyRun.strategy().asyncFlags(), strategyRun.policy()));
        m.put("flagsText", flagsText());
        m.put("asyncDevices", strategyRun.ordering().nodes().stream().filter(n -> n.async()).count());
        m.put("poolSize", run().poolSize());
        m.put("makespanMs", makespanMs());
        m.put("criticalPathMs", ms(criticalPathNanos));
        m.put("ratioToCriticalPath", ratio());
        m.put("allAsyncCriticalPathMs", ms(allAsyncNanos));
        m.put("lowerBoundMs", ms(criticalPathNanos));
        m.put("ratioToLowerBound", ratio());
        m.put("peakThreads", run().peakThreads());
        // The engine's own time, kept out of the devices' durations: planning before the clock (real ms), and the
        // hand-offs from a callback's completion to the engine (emulated ms, summed over devices).
        m.put("planMs", ms(run().overhead().planNanos()));
        m.put("engineHandOffMs", ms(run().overhead().handOffNanos()));
        m.put("orderingViolations", violations.size());
        m.put("violations", violations.stream().map(Violation::toString).toList());
        m.put("deadlock", run().deadlock());
        m.put("deadlineHit", run().deadlineHit());
        m.put("waitCycle", run().waitCycle());
        m.put("hangReports", run().hangReports().size());
        m.put("outcomes", outcomes());
        return m;
    }

    /** Per device: what happened to it, times in emulated ms since the shutdown started. */
    List<Map<String, Object>> records() {
        List<Map<String, Object>> out = new ArrayList<>(run().records().size());
        for (NodeRecord r : run().records()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", r.index());
            m.put("path", r.path());
            m.put("async", r.async());
            m.put("hasWork", r.hasWork());
            m.put("startMs", r.start() < 0 ? null : ms(r.start()));
            m.put("endMs", r.end() < 0 ? null : ms(r.end()));
            m.put("outcome", r.outcome() == null ? null : outcomeName(r.outcome()));
            m.put("thread", r.thread());
            m.put("detail", r.detail() == null || r.detail().isEmpty() ? null : r.detail());
            m.put("notes", r.notes());
            out.add(m);
        }
        return out;
    }

    /** "done=130 failed=0 timedOut=0 skipped=0", zero counts left out but for done. */
    String outcomesText() {
        StringBuilder b = new StringBuilder();
        outcomes().forEach((k, v) -> {
            if (v > 0 || k.equals("done")) {
                b.append(b.isEmpty() ? "" : " ").append(k).append('=').append(v);
            }
        });
        return b.toString();
    }

    /** The first violations and the count: what a text report shows. */
    String violationsText() {
        StringBuilder b = new StringBuilder();
        b.append(name()).append(": ").append(org.drivercore.common.text.Plural.of(violations.size(), "ordering violation"));
        violations.stream().limit(VIOLATIONS_SHOWN).forEach(v -> b.append("\n  ").append(v));
        if (violations.size() > VIOLATIONS_SHOWN) {
            b.append("\n  ... and ").append(violations.size() - VIOLATIONS_SHOWN).append(" more (--json lists them all)");
        }
        return b.append('\n').toString();
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    static String msText(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    /** Seconds, to the microsecond: the JSON of the reports in seconds (advise, critical-path). */
    static double seconds(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000_000.0;
    }

    /** Seconds with their unit, to the given decimals. */
    static String secondsText(long nanos, int decimals) {
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f s", nanos / 1e9);
    }
}
