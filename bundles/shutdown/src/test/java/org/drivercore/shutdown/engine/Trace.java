package org.drivercore.shutdown.engine;

import java.util.ArrayList;
import java.util.List;

import org.drivercore.api.shutdown.ShutdownGraph;

/** Readable views of a run for exact assertions: one line per device, violations by name. */
public final class Trace {

    private Trace() {
    }

    /**
     * One line per device in list order: {@code name start-end thread OUTCOME}, times in emulated milliseconds,
     * {@code -} for a time or thread that never was.
     */
    public static List<String> lines(RunResult run) {
        List<String> out = new ArrayList<>();
        for (NodeRecord r : run.records()) {
            out.add(name(r.path()) + " " + ms(r.start()) + "-" + ms(r.end()) + " " + (r.thread() == null ? "-" : r.thread())
                    + " " + r.outcome());
        }
        return out;
    }

    /** One line per device in list order: {@code name start-end}, in emulated milliseconds. */
    public static List<String> times(RunResult run) {
        List<String> out = new ArrayList<>();
        for (NodeRecord r : run.records()) {
            out.add(name(r.path()) + " " + ms(r.start()) + "-" + ms(r.end()));
        }
        return out;
    }

    /** Each violation as {@code started<relation>dependent}, e.g. {@code mmc0<child>mmcblk0}. */
    public static List<String> violations(ShutdownGraph graph, RunResult run) {
        return OrderingChecker.check(graph, run).stream()
                .map(v -> name(v.started()) + "<" + v.relation() + ">" + name(v.dependent())).toList();
    }

    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public static String ms(long nanos) {
        if (nanos < 0) {
            return "-";
        }
        if (nanos % 1_000_000 == 0) {
            return Long.toString(nanos / 1_000_000);
        }
        return java.math.BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString();
    }

    public static long millis(long ms) {
        return ms * 1_000_000L;
    }
}
