package org.drivercore.shutdown.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.shutdown.engine.NodeRecord;
import org.drivercore.shutdown.engine.OrderingChecker;
import org.drivercore.shutdown.engine.OrderingChecker.Violation;
import org.drivercore.shutdown.engine.Outcome;
import org.drivercore.shutdown.engine.RunResult;

/**
 * The figures of one run against a lower bound: one strategy's entry of {@code dc:compare}, and (with its
 * per-device records) the report of a system shutdown.
 *
 * @param lowerBoundNanos the bound the ratio is taken against
 * @param violations      what the ordering checker found in the trace
 */
record RunReport(RunResult run, long lowerBoundNanos, List<Violation> violations) {

    /** How many violations a report describes (all are counted). */
    static final int VIOLATIONS_SHOWN = 5;

    RunReport {
        violations = List.copyOf(violations);
    }

    static RunReport of(ShutdownGraph graph, RunResult run, long lowerBoundNanos) {
        return new RunReport(run, lowerBoundNanos, OrderingChecker.check(graph, run));
    }

    String name() {
        return run.strategy();
    }

    double makespanMs() {
        return ms(run.makespanNanos());
    }

    /** makespan / LB, to 4 decimals; 1.0 for an empty shutdown; null when the bound is 0 and the run was not. */
    Double ratio() {
        if (lowerBoundNanos <= 0) {
            return run.makespanNanos() <= 0 ? 1.0 : null;
        }
        return Math.round((double) run.makespanNanos() / lowerBoundNanos * 10_000) / 10_000.0;
    }

    /** Counts per outcome, keys {@code done}, {@code failed}, {@code timedOut}, {@code skipped}. */
    Map<String, Integer> outcomes() {
        Map<String, Integer> out = new LinkedHashMap<>();
        run.outcomes().forEach((o, n) -> out.put(outcomeName(o), n));
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
        m.put("poolSize", run.poolSize());
        m.put("makespanMs", makespanMs());
        m.put("ratioToLowerBound", ratio());
        m.put("peakThreads", run.peakThreads());
        m.put("orderingViolations", violations.size());
        m.put("violations", violations.stream().limit(VIOLATIONS_SHOWN).map(Violation::toString).toList());
        m.put("deadlock", run.deadlock());
        m.put("deadlineHit", run.deadlineHit());
        m.put("waitCycle", run.waitCycle());
        m.put("hangReports", run.hangReports().size());
        m.put("outcomes", outcomes());
        return m;
    }

    /** Per device: what happened to it, times in emulated ms since the shutdown started. */
    List<Map<String, Object>> records() {
        List<Map<String, Object>> out = new ArrayList<>(run.records().size());
        for (NodeRecord r : run.records()) {
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

    static double ms(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    static String msText(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f ms", nanos / 1e6);
    }
}
