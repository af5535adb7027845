package org.drivercore.shutdown.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.shutdown.engine.CriticalPath;
import org.drivercore.shutdown.engine.NodeRecord;
import org.drivercore.shutdown.engine.Outcome;

/**
 * A run as a timeline, as {@code systemd-analyze plot} draws a boot: one row per device with shutdown work, grouped by
 * the subtree it belongs to (rows ordered by path, a header where the subtree changes), a bar for its callback coloured
 * by outcome, a dashed line for the time it waited after its last dependency had finished (for a thread, or for the
 * sync device before it), the devices of the critical path outlined, and a time axis in seconds. Devices without work
 * are folded: the footer counts them. One row per device, so labels never overlap, at any size.
 */
final class TimelineSvg {

    static final int ROW = 16;
    static final int LABEL = 460;
    static final int CHART = 900;
    static final int TOP = 64;

    private TimelineSvg() {
    }

    static String render(String machine, RunReport report, long[] durations) {
        ShutdownGraph g = report.strategyRun().ordering();
        List<NodeRecord> records = report.run().records();
        List<NodeRecord> rows = records.stream().filter(r -> r.hasWork() && r.start() >= 0 && r.end() >= 0)
                .sorted(Comparator.comparing(NodeRecord::path)).toList();
        Set<Integer> critical = new HashSet<>();
        CriticalPath.chain(g, durations).forEach(s -> critical.add(s.node().index()));
        long span = Math.max(1, Math.max(report.run().makespanNanos(), rows.stream().mapToLong(NodeRecord::end).max().orElse(1)));
        List<String> body = new ArrayList<>();
        int y = TOP;
        String group = null;
        for (NodeRecord r : rows) {
            String g2 = group(r.path());
            if (!g2.equals(group)) {
                group = g2;
                body.add(text(4, y + 12, "group", esc(group)));
                y += ROW;
            }
            long ready = 0;
            for (int d : PerfettoTrace.nearestWithWork(g, records, g.node(r.index()))) {
                ready = Math.max(ready, Math.max(0, records.get(d).end()));
            }
            if (ready < r.start()) {
                body.add(String.format(Locale.ROOT, "<line class=\"wait\" x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\"/>",
                        x(ready, span), y + ROW / 2, x(r.start(), span), y + ROW / 2));
            }
            double x0 = x(r.start(), span);
            double w = Math.max(1.0, x(r.end(), span) - x0);
            String cls = outcomeClass(r.outcome()) + (critical.contains(r.index()) ? " critical" : "");
            body.add(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\">"
                    + "<title>%s: %s to %s (%s)</title></rect>", cls, x0, y + 2, w, ROW - 4, esc(r.path()),
                    seconds(r.start()), seconds(r.end()), outcomeName(r.outcome())));
            body.add(text(12, y + 12, critical.contains(r.index()) ? "label crit" : "label", esc(shorten(r.path()))));
            y += ROW;
        }
        int height = y + 48;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Helvetica, sans-serif\" font-size=\"11\">%n",
                LABEL + CHART + 24, height, LABEL + CHART + 24, height));
        b.append("<style>.done{fill:#4e79a7}.failed{fill:#e15759}.timed_out{fill:#f28e2b}.skipped{fill:#bab0ac}"
                + ".critical{stroke:#111;stroke-width:1.5}.wait{stroke:#999;stroke-dasharray:3 2}"
                + ".label{fill:#222}.crit{font-weight:bold}.group{fill:#666;font-style:italic}.axis{stroke:#ccc}"
                + ".tick{fill:#555;font-size:10px}</style>\n");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
        b.append(text(4, 18, "title", esc(machine + ": " + report.name() + " (flags " + report.flagsText() + "), makespan "
                + seconds(report.run().makespanNanos()) + ", critical path " + seconds(report.criticalPathNanos())
                + ", emulated"))).append('\n');
        b.append(text(4, 34, "tick", "bars: a device's shutdown callback (blue done, red failed, orange timed out, grey "
                + "skipped; outlined: the critical path); dashed: waiting after its dependencies had finished")).append('\n');
        axis(b, span, TOP - 6, height - 40);
        body.forEach(line -> b.append(line).append('\n'));
        long folded = records.size() - rows.size();
        b.append(text(4, height - 12, "tick", rows.size() + " devices with shutdown work shown; " + folded
                + " without work (ordering only) folded")).append('\n');
        return b.append("</svg>\n").toString();
    }

    private static void axis(StringBuilder b, long span, int top, int bottom) {
        double step = niceStep(span / 1e9 / 8);
        for (double t = 0; t * 1e9 <= span * 1.0001; t += step) {
            double x = x((long) (t * 1e9), span);
            b.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\"/>%n",
                    x, top, x, bottom));
            b.append(text((int) x + 2, top - 2, "tick", trim(t) + " s")).append('\n');
            b.append(text((int) x + 2, bottom + 12, "tick", trim(t) + " s")).append('\n');
        }
    }

    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (raw <= m * p) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String trim(double seconds) {
        String s = String.format(Locale.ROOT, "%.6f", seconds).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static double x(long nanos, long span) {
        return LABEL + (double) nanos / span * CHART;
    }

    /** The subtree a device belongs to: its first two path segments ({@code /devices/pci0000:17}). */
    static String group(String path) {
        int second = path.indexOf('/', 1);
        int third = second < 0 ? -1 : path.indexOf('/', second + 1);
        return third < 0 ? path : path.substring(0, third);
    }

    /** A path that fits the label column: its tail, after an ellipsis. */
    static String shorten(String path) {
        int max = 64;
        return path.length() <= max ? path : "\u2026" + path.substring(path.length() - max + 1);
    }

    private static String text(int x, int y, String cls, String content) {
        return "<text class=\"" + cls + "\" x=\"" + x + "\" y=\"" + y + "\">" + content + "</text>";
    }

    private static String outcomeClass(Outcome o) {
        return o == null ? "skipped" : o.name().toLowerCase(Locale.ROOT);
    }

    private static String outcomeName(Outcome o) {
        return o == null ? "not run" : RunReport.outcomeName(o);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
