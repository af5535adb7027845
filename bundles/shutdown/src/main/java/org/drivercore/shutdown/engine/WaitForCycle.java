package org.drivercore.shutdown.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds a cycle in a wait-for graph (who waits for whom, by node index): a depth-first search from the lowest
 * index up, so that the same graph always gives the same cycle. Pure: it knows nothing of runs or strategies.
 */
final class WaitForCycle {

    private static final int VISITING = 1;
    private static final int DONE = 2;

    private WaitForCycle() {
    }

    /** A cycle as the indices along it, the first repeated last ({@code [3, 7, 3]}), or an empty list. */
    static List<Integer> find(Map<Integer, Set<Integer>> waitsFor) {
        Map<Integer, Integer> color = new HashMap<>();
        Deque<Integer> stack = new ArrayDeque<>();
        for (Integer start : new TreeSet<>(waitsFor.keySet())) {
            List<Integer> cycle = search(start, waitsFor, color, stack);
            if (cycle != null) {
                return cycle;
            }
        }
        return List.of();
    }

    private static List<Integer> search(int at, Map<Integer, Set<Integer>> g, Map<Integer, Integer> color,
            Deque<Integer> stack) {
        Integer c = color.get(at);
        if (c != null && c == DONE) {
            return null;
        }
        if (c != null && c == VISITING) {
            List<Integer> cycle = new ArrayList<>();
            boolean in = false;
            for (Integer s : (Iterable<Integer>) stack::descendingIterator) {
                if (s == at) {
                    in = true;
                }
                if (in) {
                    cycle.add(s);
                }
            }
            cycle.add(at);
            return cycle;
        }
        color.put(at, VISITING);
        stack.push(at);
        for (int next : g.getOrDefault(at, Set.of())) {
            List<Integer> cycle = search(next, g, color, stack);
            if (cycle != null) {
                return cycle;
            }
        }
        stack.pop();
        color.put(at, DONE);
        return null;
    }
}
