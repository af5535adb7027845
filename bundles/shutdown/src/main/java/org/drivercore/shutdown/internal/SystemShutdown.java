package org.drivercore.shutdown.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.drivercore.api.ShutdownMode;

/**
 * The report of one system shutdown (a framework stop, or {@code dc:shutdown}): what one strategy entry of
 * {@code dc:compare --json} has, and the per-device records. {@code startedNanoTime} and
 * {@code endedNanoTime} are {@link System#nanoTime()} when the run began and when its final barrier had
 * released, so that a test in the same JVM can order them against other events.
 *
 * @param trigger {@code framework stop} or {@code dc:shutdown}
 */
record SystemShutdown(String trigger, String machine, int devices, ShutdownMode mode, Runs.Clocking clocking, RunReport report,
        long startedNanoTime, long endedNanoTime) {

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trigger", trigger);
        m.put("machine", machine);
        m.put("devices", devices);
        m.put("mode", Modes.externalName(mode));
        m.put("clock", clocking.clock().externalName());
        m.put("timescale", clocking.clock() == Clock.REAL ? clocking.timescale() : null);
        m.putAll(report.toJson());
        m.put("startedNanoTime", startedNanoTime);
        m.put("endedNanoTime", endedNanoTime);
        m.put("hangReportTexts", report.run().hangReports());
        m.put("records", report.records());
        return m;
    }

    String toText() {
        RunReport r = report;
        Double ratio = r.ratio();
        StringBuilder b = new StringBuilder();
        b.append("shutdown (").append(r.name()).append(", ").append(Modes.externalName(mode)).append(", ")
                .append(clocking.describe()).append(") of machine ").append(machine).append(": ").append(devices)
                .append(" devices in ").append(RunReport.secondsText(r.run().makespanNanos(), 3))
                .append(" emulated (critical path ").append(RunReport.secondsText(r.criticalPathNanos(), 3)).append(ratio == null ? "" : String.format(
                        java.util.Locale.ROOT, ", ratio %.3f", ratio)).append("; async flags ").append(r.flagsText())
                .append("), pool ").append(r.run().poolSize())
                .append(", peak threads ").append(r.run().peakThreads()).append('\n');
        b.append("outcomes: ").append(r.outcomesText()).append("; ordering violations: ").append(r.violations().size())
                .append(r.run().deadlock() ? "; DEADLOCK" + (r.run().deadlineHit() ? " (the system deadline ended the wait)" : "")
                        : "")
                .append('\n');
        r.violations().stream().limit(RunReport.VIOLATIONS_SHOWN).forEach(v -> b.append("  violation: ").append(v).append('\n'));
        if (!r.run().waitCycle().isEmpty()) {
            b.append("  wait-for cycle: ").append(String.join(" -> ", r.run().waitCycle())).append('\n');
        }
        b.append(switch (mode) {
            case POWEROFF -> "powering off";
            case REBOOT -> "rebooting";
            case HALT -> "halting";
            case KEXEC -> "starting the new kernel (kexec)";
        }).append('\n');
        return b.toString();
    }
}
