package org.drivercore.shutdown.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.drivercore.common.text.TextTable;
import org.drivercore.shutdown.engine.CriticalPath;

/**
 * {@code dc:critical-path}: the devices that set a strategy's bound, first to last, each with its own latency and why
 * it waits for the one before (its child, its consumer, or the sync device before it). Times in seconds.
 */
final class CriticalPathReport {

    /** The chain of one strategy's critical path on a machine. */
    record Result(String machine, String strategy, String flags, long criticalPathNanos, List<CriticalPath.Step> steps) {
    }

    private CriticalPathReport() {
    }

    static Result of(String machine, RunReport report, long[] durations) {
        return new Result(machine, report.name(), report.flagsText(), report.criticalPathNanos(),
                CriticalPath.chain(report.strategyRun().ordering(), durations));
    }

    static String text(Result r) {
        StringBuilder b = new StringBuilder();
        b.append("critical path of ").append(r.strategy()).append(" (flags ").append(r.flags()).append(") on machine ")
                .append(r.machine()).append(": ").append(s(r.criticalPathNanos())).append(" emulated, ")
                .append(r.steps().size()).append(r.steps().size() == 1 ? " device" : " devices")
                .append(", first to last; each starts when the one above it ends\n");
        TextTable t = new TextTable("#", "STARTS", "LATENCY", "DRIVER", "DEVICE", "WAITS FOR THE ONE ABOVE, AS");
        int i = 1;
        for (CriticalPath.Step step : r.steps()) {
            t.row(i++, s(step.start()), step.node().hasWork() ? s(step.duration()) : "no work",
                    step.node().driver().orElse("-"), step.node().path(),
                    step.waitsFor() == null ? "-" : step.waitsFor().toString());
        }
        return b.append(t).toString();
    }

    static Map<String, Object> json(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("machine", r.machine());
        m.put("strategy", r.strategy());
        m.put("flags", r.flags());
        m.put("criticalPathS", RunReport.seconds(r.criticalPathNanos()));
        List<Map<String, Object>> steps = new ArrayList<>();
        for (CriticalPath.Step step : r.steps()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("path", step.node().path());
            e.put("driver", step.node().driver().orElse(null));
            e.put("startS", RunReport.seconds(step.start()));
            e.put("latencyS", RunReport.seconds(step.duration()));
            e.put("hasWork", step.node().hasWork());
            e.put("waitsFor", step.waitsFor() == null ? null : step.waitsFor().name().toLowerCase(Locale.ROOT));
            steps.add(e);
        }
        m.put("steps", steps);
        return m;
    }


    private static String s(long nanos) {
        return RunReport.secondsText(nanos, 6);
    }
}
