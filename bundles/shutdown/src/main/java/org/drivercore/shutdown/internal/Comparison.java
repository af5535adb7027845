package org.drivercore.shutdown.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.common.text.TextTable;

/**
 * Every strategy run on the same graph ({@code dc:compare}).
 *
 * @param machine           the machine's name (or the generator spec's graph name)
 * @param source            {@code registry} or {@code generated: SPEC}
 * @param devices           nodes of the graph
 * @param policy            the global async policy the strategies ran under
 * @param criticalPathNanos the critical path with the default flags (dag's: v18's subsystem flags under the policy)
 * @param allAsyncNanos     the critical path with every device with work async: the machine's limit
 * @param reversed          per strategy, how it fared on the same graph with its list reversed (virtual clock only)
 */
record Comparison(String machine, String source, int devices, AsyncPolicy policy, long criticalPathNanos,
        long allAsyncNanos, Runs.Clocking clocking, List<RunReport> runs, Map<String, Robustness> reversed) {

    /** How a strategy fared on the reversed list: its ordering violations and whether it deadlocked. */
    record Robustness(int violations, boolean deadlock) {
        String text() {
            return deadlock ? "deadlock" : violations == 0 ? "ok" : violations + " violations";
        }
    }

    Comparison {
        runs = List.copyOf(runs);
        reversed = Map.copyOf(reversed);
    }

    /** {@code dc:compare --json}: one object. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("machine", machine);
        m.put("source", source);
        m.put("devices", devices);
        m.put("clock", clocking.clock().externalName());
        m.put("timescale", clocking.clock() == Clock.REAL ? clocking.timescale() : null);
        m.put("async", policy.externalName());
        m.put("criticalPathMs", RunReport.ms(criticalPathNanos));
        m.put("allAsyncCriticalPathMs", RunReport.ms(allAsyncNanos));
        m.put("lowerBoundMs", RunReport.ms(criticalPathNanos));
        m.put("strategies", runs.stream().map(r -> {
            Map<String, Object> s = r.toJson();
            Robustness rev = reversed.get(r.name());
            if (rev != null) {
                s.put("reversedList", Map.of("orderingViolations", rev.violations(), "deadlock", rev.deadlock()));
            }
            return s;
        }).toList());
        return m;
    }

    String toText() {
        StringBuilder b = new StringBuilder();
        b.append("machine: ").append(machine).append(" (").append(source).append("), ").append(devices)
                .append(" devices, async ").append(policy.externalName()).append(", ").append(clocking.describe())
                .append("; times are the emulated machine's\n");
        TextTable t = new TextTable("STRATEGY", "FLAGS", "POOL", "MAKESPAN", "CRITICAL PATH", "RATIO", "THREADS",
                "VIOLATIONS", "DEADLOCK", "REVERSED LIST", "OUTCOMES");
        for (RunReport r : runs) {
            Double ratio = r.ratio();
            Robustness rev = reversed.get(r.name());
            t.row(r.name(), r.flagsText(), r.run().poolSize(), RunReport.secondsText(r.run().makespanNanos(), 3),
                    RunReport.secondsText(r.criticalPathNanos(), 3),
                    ratio == null ? "-" : String.format(java.util.Locale.ROOT, "%.3f", ratio), r.run().peakThreads(),
                    r.violations().size(), r.run().deadlock() ? "yes" : "no", rev == null ? "-" : rev.text(),
                    r.outcomesText());
        }
        b.append(t);
        b.append("critical path with the default flags ").append(RunReport.secondsText(criticalPathNanos, 3))
                .append("; all async (the machine's limit) ").append(RunReport.secondsText(allAsyncNanos, 3)).append('\n');
        b.append("CRITICAL PATH is each strategy's own: children and consumers first, and the sync devices of its flags one "
                + "at a time in reverse list order; THREADS: the most threads held at once; REVERSED LIST: the same graph "
                + "listed backwards, the worst case for a list-ordered strategy\n");
        for (RunReport r : runs) {
            if (!r.violations().isEmpty()) {
                b.append(r.violationsText());
            }
            if (!r.run().waitCycle().isEmpty()) {
                b.append(r.name()).append(": wait-for cycle ").append(String.join(" -> ", r.run().waitCycle())).append('\n');
            }
        }
        return b.toString();
    }
}
