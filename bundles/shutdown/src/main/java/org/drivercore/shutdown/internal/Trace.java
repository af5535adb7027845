package org.drivercore.shutdown.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.drivercore.api.LinkFlag;
import org.drivercore.api.shutdown.AsyncSource;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.shutdown.engine.NodeRecord;
import org.drivercore.shutdown.engine.ThreadSpan;

/**
 * One strategy's run as a trace that an independent checker can recompute every figure from: the graph as the run
 * was judged (each device's parent, its links with their flags, the dependencies that order it, its async flags and
 * work), what happened to each device (start, end, outcome, thread, what it waited for), every span a thread was held,
 * and the figures themselves. Times in emulated ms, to the microsecond.
 */
final class Trace {

    static final int VERSION = 1;

    private Trace() {
    }

    static Map<String, Object> of(String machine, Runs.Clocking clocking, RunReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("traceVersion", VERSION);
        m.put("machine", machine);
        m.put("clock", clocking.clock().externalName());
        m.put("timescale", clocking.clock() == Clock.REAL ? clocking.timescale() : null);
        m.putAll(report.toJson());
        ShutdownGraph g = report.strategyRun().ordering();
        PlanRecorder recorder = report.strategyRun().recorder();
        List<Map<String, Object>> devices = new ArrayList<>(g.size());
        for (NodeRecord r : report.run().records()) {
            ShutdownNode n = g.node(r.index());
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("index", r.index());
            d.put("path", r.path());
            d.put("parent", n.parent().orElse(null));
            d.put("links", n.supplierLinks().stream().map(l -> Map.of("supplier", l.supplier(),
                    "flags", l.flags().stream().map(LinkFlag::externalName).sorted().toList())).toList());
            d.put("dependencies", g.dependencies(n).stream().map(ShutdownNode::index).toList());
            d.put("asyncFlags", n.asyncFlags().stream().map(AsyncSource::externalName).toList());
            d.put("async", n.async());
            d.put("hasWork", n.hasWork());
            d.put("driver", n.driver().orElse(null));
            d.put("startMs", r.start() < 0 ? null : RunReport.ms(r.start()));
            d.put("endMs", r.end() < 0 ? null : RunReport.ms(r.end()));
            d.put("outcome", r.outcome() == null ? null : RunReport.outcomeName(r.outcome()));
            d.put("thread", r.thread());
            d.put("detail", r.detail().isEmpty() ? null : r.detail());
            d.put("notes", r.notes());
            PlanRecorder.Step step = recorder == null ? null : recorder.step(r.index());
            d.put("program", step == null ? null : step.program());
            d.put("waitedFor", step == null ? List.of() : step.waits().stream().filter(w -> !w.waitingOn().isEmpty())
                    .map(w -> Map.of("condition", w.description(), "unfinished", w.waitingOn())).toList());
            devices.add(d);
        }
        m.put("devices", devices);
        List<Map<String, Object>> spans = new ArrayList<>();
        for (ThreadSpan s : report.run().threadSpans()) {
            Map<String, Object> span = new LinkedHashMap<>();
            span.put("thread", s.thread());
            span.put("program", s.program());
            span.put("fromMs", RunReport.ms(s.from()));
            span.put("toMs", RunReport.ms(s.to()));
            span.put("fromSeq", s.fromSeq());
            span.put("toSeq", s.toSeq());
            spans.add(span);
        }
        m.put("threadSpans", spans);
        return m;
    }
}
