package org.drivercore.shutdown.internal;

import java.util.Locale;

import org.drivercore.common.text.TextTable;

/**
 * {@code dc:demo}'s table: every strategy on the loaded machine, each with its kernel generation's flags, in seconds of
 * emulated time, with the serial total beside it so the saving reads at a glance.
 */
final class DemoReport {

    private DemoReport() {
    }

    static String text(Comparison c) {
        StringBuilder b = new StringBuilder();
        b.append("machine ").append(c.machine()).append(": ").append(c.devices()).append(" devices; every strategy on the "
                + "virtual clock, each with the async flags its kernel generation sets; times are emulated\n");
        TextTable t = new TextTable("STRATEGY", "FLAGS", "MAKESPAN", "CRITICAL PATH", "ALL-ASYNC CP", "RATIO", "PEAK THREADS",
                "VIOLATIONS", "DEADLOCK", "OUTCOMES");
        RunReport serial = null;
        RunReport dag = null;
        for (RunReport r : c.runs()) {
            Double ratio = r.ratio();
            t.row(r.name(), r.flagsText(), s(r.run().makespanNanos()), s(r.criticalPathNanos()), s(c.allAsyncNanos()),
                    ratio == null ? "-" : String.format(Locale.ROOT, "%.3f", ratio), r.run().peakThreads(),
                    r.violations().size(), r.run().deadlock() ? "yes" : "no", r.outcomesText());
            if (r.name().equals("serial")) {
                serial = r;
            } else if (r.name().equals("dag")) {
                dag = r;
            }
        }
        b.append(t);
        if (serial != null && dag != null && dag.run().makespanNanos() > 0) {
            b.append(String.format(Locale.ROOT, "serial (mainline device_shutdown()) takes %s; dag %s: %.1f times faster, "
                    + "%s saved; dag's ordering violations: %d%n", s(serial.run().makespanNanos()), s(dag.run().makespanNanos()),
                    (double) serial.run().makespanNanos() / dag.run().makespanNanos(),
                    s(serial.run().makespanNanos() - dag.run().makespanNanos()), dag.violations().size()));
        }
        return b.toString();
    }

    static String s(long nanos) {
        return RunReport.secondsText(nanos, 3);
    }
}
