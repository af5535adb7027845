package org.drivercore.shutdown.internal;

import java.util.Comparator;
import java.util.List;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.shutdown.engine.NodeRecord;
import org.drivercore.common.text.TextTable;

/** {@code dc:plan}: a virtual-clock run of one strategy, device by device in start order, with its waits. */
final class PlanReport {

    private static final int PATHS_SHOWN = 3;

    private PlanReport() {
    }

    static String render(String machine, ShutdownGraph graph, RunReport report, PlanRecorder recorder, String async) {
        return render(machine, report, async, graph);
    }

    static String render(String machine, RunReport report, String async, ShutdownGraph graph) {
        PlanRecorder recorder = report.strategyRun().recorder();
        StringBuilder b = new StringBuilder();
        b.append("plan of strategy ").append(report.name()).append(" on machine ").append(machine).append(": ")
                .append(graph.size()).append(" devices, async ").append(async).append(" (flags ").append(report.flagsText())
                .append("), pool ")
                .append(report.run().poolSize()).append(", virtual clock\n");
        b.append("makespan ").append(RunReport.msText(report.run().makespanNanos())).append(", critical path ")
                .append(RunReport.msText(report.criticalPathNanos())).append(", all async ")
                .append(RunReport.msText(report.allAsyncNanos())).append(", peak threads ").append(report.run().peakThreads())
                .append(", ").append(report.violations().size()).append(" ordering violation(s)")
                .append(report.run().deadlock() ? ", DEADLOCK" : "").append(", ").append(report.outcomesText()).append('\n');
        b.append("programs queued:\n");
        for (String p : recorder.programs()) {
            b.append("  ").append(p).append('\n');
        }
        TextTable t = new TextTable("START", "END", "THREAD", "LANE", "OUTCOME", "DEVICE", "WAITED FOR");
        List<NodeRecord> order = report.run().records().stream()
                .sorted(Comparator.comparingLong((NodeRecord r) -> r.start() < 0 ? Long.MAX_VALUE : r.start())
                        .thenComparingInt(NodeRecord::index))
                .toList();
        for (NodeRecord r : order) {
            PlanRecorder.Step step = recorder.step(r.index());
            t.row(r.start() < 0 ? "-" : RunReport.msText(r.start()), r.end() < 0 ? "-" : RunReport.msText(r.end()),
                    r.thread(), step == null ? "-" : step.lane() + (step.started() ? " (start)" : ""),
                    r.outcome() == null ? "-" : RunReport.outcomeName(r.outcome()),
                    "#" + r.index() + " " + r.path() + (r.async() ? " [async]" : "") + (r.hasWork() ? "" : " [no work]"),
                    step == null ? "-" : waits(step));
        }
        b.append(t);
        if (!report.violations().isEmpty()) {
            b.append(report.violationsText());
        }
        if (!report.run().waitCycle().isEmpty()) {
            b.append("wait-for cycle: ").append(String.join(" -> ", report.run().waitCycle())).append('\n');
        }
        return b.toString();
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
            b.append(w.description()).append(": ").append(w.waitingOn().size()).append(" unfinished ");
            b.append(String.join(", ", w.waitingOn().subList(0, Math.min(PATHS_SHOWN, w.waitingOn().size()))));
            if (w.waitingOn().size() > PATHS_SHOWN) {
                b.append(", ...");
            }
        }
        return b.isEmpty() ? "-" : b.toString();
    }
}
