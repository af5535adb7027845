package org.drivercore.shutdown.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;

/**
 * Reads a trace and its graph, and lists every device with shutdown work that started before a device with work that
 * depends on it (a child or consumer, or one reached through devices without work, which only order) had ended. It
 * knows nothing of any strategy: it is the independent judge of every ordering claim. The graph is the one whose
 * links order a shutdown in Linux (not a strategy's own view).
 */
public final class OrderingChecker {

    /** A dependent that had not ended when the device it must precede started. */
    public record Violation(String started, long startedAt, String dependent, String relation, long dependentEnd) {
        @Override
        public String toString() {
            return started + " started at " + ms(startedAt) + " before its " + relation + " " + dependent
                    + (dependentEnd < 0 ? " ended (it never did)" : " ended at " + ms(dependentEnd));
        }

        private static String ms(long nanos) {
            return String.format("%.3f ms", nanos / 1e6);
        }
    }

    private OrderingChecker() {
    }

    public static List<Violation> check(ShutdownGraph graph, RunResult run) {
        Map<Integer, Map<Integer, String>> through = new HashMap<>();
        List<Violation> out = new ArrayList<>();
        for (ShutdownNode n : graph.nodes()) {
            NodeRecord r = run.record(n.index());
            if (!n.hasWork() || r.start() < 0) {
                continue;
            }
            workDependents(graph, n, through).forEach((d, relation) -> {
                NodeRecord dependent = run.record(d);
                boolean ended = dependent.end() >= 0 && dependent.start() >= 0;
                if (!ended || dependent.end() > r.start()) {
                    out.add(new Violation(r.path(), r.start(), dependent.path(), relation, ended ? dependent.end() : -1));
                }
            });
        }
        return out;
    }

    /**
     * The devices with work that must end before the node starts, with how they depend on it: its children and
     * consumers with work, and through each dependent without work, that one's own (memoised per such device).
     */
    private static Map<Integer, String> workDependents(ShutdownGraph graph, ShutdownNode n,
            Map<Integer, Map<Integer, String>> through) {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (ShutdownNode d : graph.dependencies(n)) {
            String relation = n.children().contains(d.index()) ? "child" : "consumer";
            if (d.hasWork()) {
                out.putIfAbsent(d.index(), relation);
            } else {
                reachedThrough(graph, d, through).forEach((w, how) -> out.putIfAbsent(w, how));
            }
        }
        return out;
    }

    private static Map<Integer, String> reachedThrough(ShutdownGraph graph, ShutdownNode noWork,
            Map<Integer, Map<Integer, String>> through) {
        Map<Integer, String> known = through.get(noWork.index());
        if (known != null) {
            return known;
        }
        Map<Integer, String> out = new LinkedHashMap<>();
        for (ShutdownNode d : graph.dependencies(noWork)) {
            if (d.hasWork()) {
                out.putIfAbsent(d.index(), "dependent through " + noWork.path());
            } else {
                reachedThrough(graph, d, through).forEach(out::putIfAbsent);
            }
        }
        through.put(noWork.index(), out);
        return out;
    }
}
