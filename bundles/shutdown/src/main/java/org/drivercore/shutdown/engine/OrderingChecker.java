package org.drivercore.shutdown.engine;

import java.util.ArrayList;
import java.util.List;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;

/**
 * Reads a trace and its graph, and lists every parent or supplier that started before one of its children
 * or consumers ended. It knows nothing of any strategy: it is the independent judge of every ordering claim.
 */
public final class OrderingChecker {

    /** A dependent that had not ended when the node it must precede started. */
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
        List<Violation> out = new ArrayList<>();
        for (ShutdownNode n : graph.nodes()) {
            NodeRecord r = run.record(n.index());
            if (r.start() < 0) {
                continue;
            }
            for (int c : n.children()) {
                check(out, r, run.record(c), "child");
            }
            for (int c : n.consumers()) {
                if (!n.children().contains(c)) {
                    check(out, r, run.record(c), "consumer");
                }
            }
        }
        return out;
    }

    private static void check(List<Violation> out, NodeRecord started, NodeRecord dependent, String relation) {
        boolean ended = dependent.end() >= 0 && dependent.start() >= 0;
        if (!ended || dependent.end() > started.start()) {
            out.add(new Violation(started.path(), started.start(), dependent.path(), relation, ended ? dependent.end() : -1));
        }
    }
}
