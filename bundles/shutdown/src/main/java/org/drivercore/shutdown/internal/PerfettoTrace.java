package org.drivercore.shutdown.internal;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.shutdown.engine.NodeRecord;
import org.drivercore.shutdown.engine.ThreadSpan;

/**
 * One run in the Chrome trace-event format that Perfetto (ui.perfetto.dev) and {@code chrome://tracing} open. Two
 * processes: "threads", a track per engine thread (main and each worker) with a slice per time a program held it;
 * "devices", a track per device with shutdown work with a slice for its callback, and flow arrows from each device
 * it waited for (its nearest children and consumers with work) to it. Timestamps in microseconds of emulated time;
 * the metadata names the machine, the strategy, its flags and the clock.
 */
final class PerfettoTrace {

    static final int THREADS = 1;
    static final int DEVICES = 2;

    private PerfettoTrace() {
    }

    static Map<String, Object> of(String machine, Runs.Clocking clocking, RunReport report) {
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(meta("process_name", THREADS, null, "threads of " + report.name()));
        events.add(meta("process_name", DEVICES, null, "devices of " + machine));
        Map<String, Integer> tids = new LinkedHashMap<>();
        for (ThreadSpan s : report.run().threadSpans()) {
            int tid = tids.computeIfAbsent(s.thread(), PerfettoTrace::tid);
            events.add(slice(s.program(), "thread", THREADS, tid, s.from(), s.to(), Map.of("program", s.program())));
        }
        tids.forEach((name, tid) -> events.add(meta("thread_name", THREADS, tid, name)));
        ShutdownGraph g = report.strategyRun().ordering();
        for (NodeRecord r : report.run().records()) {
            if (r.hasWork() && r.start() >= 0 && r.end() >= 0) {
                ShutdownNode n = g.node(r.index());
                events.add(meta("thread_name", DEVICES, r.index(), r.path()));
                Map<String, Object> args = new LinkedHashMap<>();
                args.put("path", r.path());
                args.put("driver", n.driver().orElse(null));
                args.put("outcome", r.outcome() == null ? null : RunReport.outcomeName(r.outcome()));
                args.put("async", r.async());
                args.put("thread", r.thread());
                events.add(slice(label(r.path()), n.driver().orElse("device"), DEVICES, r.index(), r.start(), r.end(), args));
            }
        }
        flows(g, report.run().records(), events);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("traceEvents", events);
        doc.put("displayTimeUnit", "ms");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("machine", machine);
        metadata.put("strategy", report.name());
        metadata.put("flags", report.flagsText());
        metadata.put("clock", clocking.describe());
        metadata.put("makespanMs", RunReport.ms(report.run().makespanNanos()));
        metadata.put("criticalPathMs", RunReport.ms(report.criticalPathNanos()));
        doc.put("metadata", metadata);
        return doc;
    }

    /** An arrow from each device with work a device waited for, through devices without work, to the device. */
    private static void flows(ShutdownGraph g, List<NodeRecord> records, List<Map<String, Object>> events) {
        int id = 0;
        for (NodeRecord r : records) {
            if (!r.hasWork() || r.start() < 0) {
                continue;
            }
            for (int dep : nearestWithWork(g, records, g.node(r.index()))) {
                NodeRecord d = records.get(dep);
                if (d.end() < 0 || d.end() > r.start()) {
                    continue;
                }
                id++;
                // Inside the dependency's slice (a slice's end is not in it), and at the start of the dependent's.
                events.add(flow("s", id, dep, Math.max(d.start(), d.end() - 1)));
                events.add(flow("f", id, r.index(), r.start()));
            }
        }
    }

    /** The devices with work that {@code n} depends on, looking through devices without work. */
    static Set<Integer> nearestWithWork(ShutdownGraph g, List<NodeRecord> records, ShutdownNode n) {
        Set<Integer> out = new LinkedHashSet<>();
        Deque<ShutdownNode> todo = new ArrayDeque<>(g.dependencies(n));
        Map<Integer, Boolean> seen = new HashMap<>();
        while (!todo.isEmpty()) {
            ShutdownNode d = todo.poll();
            if (seen.put(d.index(), true) != null) {
                continue;
            }
            if (records.get(d.index()).hasWork()) {
                out.add(d.index());
            } else {
                todo.addAll(g.dependencies(d));
            }
        }
        return out;
    }

    private static int tid(String thread) {
        return thread.equals("main") ? 0 : Integer.parseInt(thread.substring(thread.indexOf('-') + 1)) + 1;
    }

    /** The last two segments of a path: enough to tell devices apart on a track's slice. */
    static String label(String path) {
        int last = path.lastIndexOf('/');
        int before = last > 0 ? path.lastIndexOf('/', last - 1) : -1;
        return before >= 0 ? path.substring(before + 1) : path;
    }

    private static Map<String, Object> meta(String name, int pid, Integer tid, String value) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", name);
        e.put("ph", "M");
        e.put("pid", pid);
        if (tid != null) {
            e.put("tid", tid);
        }
        e.put("args", Map.of("name", value));
        return e;
    }

    private static Map<String, Object> slice(String name, String cat, int pid, int tid, long from, long to,
            Map<String, Object> args) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", name);
        e.put("cat", cat);
        e.put("ph", "X");
        e.put("ts", micros(from));
        e.put("dur", micros(to - from));
        e.put("pid", pid);
        e.put("tid", tid);
        e.put("args", args);
        return e;
    }

    private static Map<String, Object> flow(String phase, int id, int device, long at) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", "waits for");
        e.put("cat", "wait");
        e.put("ph", phase);
        e.put("id", id);
        e.put("ts", micros(at));
        e.put("pid", DEVICES);
        e.put("tid", device);
        // Bound to the slice that encloses the time: the dependency's slice ends, the dependent's begins there.
        e.put("bp", "e");
        return e;
    }

    static double micros(long nanos) {
        return nanos / 1_000.0;
    }
}
