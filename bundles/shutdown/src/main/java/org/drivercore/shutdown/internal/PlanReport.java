package org.drivercore.shutdown.internal;

import java.util.Comparator;
import java.util.List;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.shutdown.engine.NodeRecord;
import org.drivercore.common.text.Plural;
import org.drivercore.common.text.Terminal;
import org.drivercore.common.text.TextTable;
import org.drivercore.common.text.Wrap;

/** {@code dc:plan}: a virtual-clock run of one strategy, device by device in start order, with its waits. */
final class PlanReport {

    private static final int PATHS_SHOWN = 3;
    /** A device named in a wait's description: its index and path, of which the name (the last part) is kept. */
    private static final java.util.regex.Pattern DEVICE_IN_TEXT =
            java.util.regex.Pattern.compile("#(\\d+) /(?:[^\\s/]+/)*([^\\s/:]+(?::[^\\s/:]+)*)");

    private PlanReport() {
    }

    static String render(String machine, ShutdownGraph graph, RunReport report, PlanRecorder recorder, String async) {
        return render(machine, report, async, graph);
    }

    static String render(String machine, RunReport report, String async, ShutdownGraph graph) {
        PlanRecorder recorder = report.strategyRun().recorder();
        StringBuilder head = new StringBuilder();
        head.append("plan of strategy ").append(report.name()).append(" on machine ").append(machine).append(": ")
                .append(Plural.of(graph.size(), "device")).append(", async ").append(async).append(" (flags ")
                .append(report.flagsText()).append("), pool ").append(report.run().poolSize())
                .append(", virtual clock: nothing is shut down\n");
        head.append("makespan ").append(RunReport.secondsText(report.run().makespanNanos(), 3)).append(" emulated, critical path ")
                .append(RunReport.secondsText(report.criticalPathNanos(), 3)).append(", all async ")
                .append(RunReport.secondsText(report.allAsyncNanos(), 3)).append(", peak threads ")
                .append(report.run().peakThreads()).append(", ")
                .append(Plural.of(report.violations().size(), "ordering violation")).append(report.run().deadlock()
                        ? ", DEADLOCK" : "").append(", ").append(report.outcomesText()).append('\n');
        long onMain = recorder.programs().stream().filter(p -> p.startsWith("main")).count();
        head.append("the strategy queued ").append(Plural.of(recorder.programs().size(), "program")).append(" (")
                .append(onMain).append(" on the main thread, ").append(recorder.programs().size() - onMain)
                .append(" on the pool); each device below in start order, with the thread that ran it and what it "
                        + "waited for; --json has every program and wait\n");
        StringBuilder b = new StringBuilder();
        for (String line : head.toString().split("\n")) {
            b.append(Wrap.hanging(line, Terminal.columns(), "  "));
        }
        TextTable t = new TextTable("START (s)", "END (s)", "THREAD", "LANE", "OUTCOME", "#", "DEVICE", "WAITED FOR");
        List<NodeRecord> order = report.run().records().stream()
                .sorted(Comparator.comparingLong((NodeRecord r) -> r.start() < 0 ? Long.MAX_VALUE : r.start())
                        .thenComparingInt(NodeRecord::index))
                .toList();
        for (NodeRecord r : order) {
            PlanRecorder.Step step = recorder.step(r.index());
            t.row(r.start() < 0 ? "-" : seconds(r.start()), r.end() < 0 ? "-" : seconds(r.end()),
                    r.thread(), step == null ? "-" : step.lane() + (step.started() ? " (start)" : ""),
                    r.outcome() == null ? "-" : RunReport.outcomeName(r.outcome()),
                    r.index(), r.path() + (r.async() ? " [async]" : "") + (r.hasWork() ? "" : " [no work]"),
                    step == null ? "-" : waits(step));
        }
        b.append(t.fit(Terminal.columns(), 6));
        if (!report.violations().isEmpty()) {
            b.append(report.violationsText());
        }
        if (!report.run().waitCycle().isEmpty()) {
            b.append("wait-for cycle: ").append(String.join(" -> ", report.run().waitCycle())).append('\n');
        }
        return b.toString();
    }

    /** Emulated seconds to the microsecond, without the unit (the column's header has it). */
    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.6f", nanos / 1e9);
    }

    private static String waits(PlanRecorder.Step step) {
        StringBuilder b = new StringBuilder();
        for (PlanRecorder.Wait w : step.waits()) {
            if (w.waitingOn().isEmpty()) {
                continue;
            }
            if (!b.isEmpty()) {
                b.append("; ");
            }
            // "#12 /devices/.../0000:1a:00.0" as "#12 0000:1a:00.0": the device column has the paths
            b.append(DEVICE_IN_TEXT.matcher(w.description()).replaceAll("#$1 $2")).append(": ")
                    .append(w.waitingOn().size()).append(" unfinished ");
            // by name (the last part of the path): the device column has the paths
            b.append(String.join(", ", w.waitingOn().subList(0, Math.min(PATHS_SHOWN, w.waitingOn().size())).stream()
                    .map(p -> p.substring(p.lastIndexOf('/') + 1)).toList()));
            if (w.waitingOn().size() > PATHS_SHOWN) {
                b.append(", ...");
            }
        }
        return b.isEmpty() ? "-" : b.toString();
    }
}
