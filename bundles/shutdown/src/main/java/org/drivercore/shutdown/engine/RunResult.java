package org.drivercore.shutdown.engine;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The trace and figures of one run of a strategy on a graph.
 *
 * @param makespanNanos when the final barrier released (emulated time)
 * @param peakThreads   the most threads taken at once (main plus pool workers)
 * @param hangReports   what the hang tracker logged, one entry per report
 * @param waitCycle     the wait-for cycle the tracker found (node paths, first repeated last), or empty
 * @param deadlineHit   whether the system deadline ended the wait
 * @param threadSpans   every time a program held a thread, from when to when
 * @param overhead      what the engine itself spent, apart from the devices' time
 */
public record RunResult(String strategy, String graph, int poolSize, long makespanNanos, List<NodeRecord> records,
        int peakThreads, List<String> hangReports, List<String> waitCycle, boolean deadlineHit, List<ThreadSpan> threadSpans,
        Overhead overhead) {

    /**
     * The engine's own cost, kept out of the devices' times.
     *
     * @param planNanos     real time the strategy took to plan, before the clock started (not in the makespan)
     * @param handOffNanos  emulated time, summed over devices, from a callback's completion to the engine taking note
     *                      of it (thread hand-offs and the run's lock); zero on the virtual clock without jitter. It
     *                      delays the dependents, so it is in the makespan, but not in any device's duration
     */
    public record Overhead(long planNanos, long handOffNanos) {
        public static final Overhead NONE = new Overhead(0, 0);
    }

    /** Without a measure of the engine's overhead (a run rebuilt from a trace). */
    public RunResult(String strategy, String graph, int poolSize, long makespanNanos, List<NodeRecord> records,
            int peakThreads, List<String> hangReports, List<String> waitCycle, boolean deadlineHit, List<ThreadSpan> threadSpans) {
        this(strategy, graph, poolSize, makespanNanos, records, peakThreads, hangReports, waitCycle, deadlineHit, threadSpans,
                Overhead.NONE);
    }

    public RunResult {
        records = List.copyOf(records);
        hangReports = List.copyOf(hangReports);
        waitCycle = List.copyOf(waitCycle);
        threadSpans = List.copyOf(threadSpans);
    }

    /** A wait-for cycle was found, or the deadline had to cut the run. */
    public boolean deadlock() {
        return !waitCycle.isEmpty() || deadlineHit;
    }

    public Map<Outcome, Integer> outcomes() {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            counts.put(o, 0);
        }
        records.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
        return counts;
    }

    public NodeRecord record(int index) {
        return records.get(index);
    }
}
