package org.drivercore.shutdown.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.drivercore.common.text.TextTable;

/**
 * Every strategy run on the same graph ({@code dc:compare}).
 *
 * @param machine  the machine's name (or the generator spec's graph name)
 * @param source   {@code registry} or {@code generated: SPEC}
 * @param devices  nodes of the graph
 * @param async    the async policy the graph was taken with
 */
record Comparison(String machine, String source, int devices, long lowerBoundNanos, Runs.Clocking clocking, String async,
        List<RunReport> runs) {

    Comparison {
        runs = List.copyOf(runs);
    }

    /** {@code dc:compare --json}: one object. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("machine", machine);
        m.put("source", source);
        m.put("devices", devices);
        m.put("lowerBoundMs", RunReport.ms(lowerBoundNanos));
        m.put("clock", clocking.clock().externalName());
        m.put("timescale", clocking.clock() == Clock.REAL ? clocking.timescale() : null);
        m.put("async", async);
        m.put("strategies", runs.stream().map(RunReport::toJson).toList());
        return m;
    }

    String toText() {
        StringBuilder b = new StringBuilder();
        b.append("machine: ").append(machine).append(" (").append(source).append("), ").append(devices)
                .append(" devices, async ").append(async).append(", ").append(clocking.describe()).append('\n');
        TextTable t = new TextTable("STRATEGY", "POOL", "MAKESPAN", "LB", "RATIO", "PEAK THREADS", "VIOLATIONS", "DEADLOCK",
                "OUTCOMES");
        for (RunReport r : runs) {
            Double ratio = r.ratio();
            t.row(r.name(), r.run().poolSize(), RunReport.msText(r.run().makespanNanos()), RunReport.msText(lowerBoundNanos),
                    ratio == null ? "-" : String.format(java.util.Locale.ROOT, "%.3f", ratio), r.run().peakThreads(),
                    r.violations().size(), r.run().deadlock() ? "yes" : "no", r.outcomesText());
        }
        b.append(t);
        for (RunReport r : runs) {
            if (!r.violations().isEmpty()) {
                b.append(r.name()).append(": ").append(r.violations().size()).append(" ordering violation(s), first: ")
                        .append(r.violations().get(0)).append('\n');
            }
            if (!r.run().waitCycle().isEmpty()) {
                b.append(r.name()).append(": wait-for cycle ").append(String.join(" -> ", r.run().waitCycle())).append('\n');
            }
        }
        return b.toString();
    }
}
