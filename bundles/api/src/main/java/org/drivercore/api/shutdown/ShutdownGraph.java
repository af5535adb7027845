package org.drivercore.api.shutdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * An immutable snapshot of the device tree at shutdown start: one node per device, in device-list order,
 * with edges child → parent and consumer → supplier. Besides the nodes it offers the orders a strategy plans
 * with: the topological order that prefers the list's own, and the chain the sync devices keep.
 */
public final class ShutdownGraph {

    private final String name;
    private final List<ShutdownNode> nodes;
    /** Computed once, on first use: the graph never changes. */
    private volatile List<ShutdownNode> topologicalOrder;

    /**
     * @param nodes in list order: node {@code i} has index {@code i}
     * @throws IllegalArgumentException when indices or references are inconsistent
     */
    public ShutdownGraph(String name, List<ShutdownNode.Builder> nodes) {
        this.name = name;
        int n = nodes.size();
        List<List<Integer>> children = new ArrayList<>(n);
        List<List<Integer>> consumers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ShutdownNode.Builder b = nodes.get(i);
            if (b.index() != i) {
                throw new IllegalArgumentException("node " + b.path() + " has index " + b.index() + " at position " + i);
            }
            children.add(new ArrayList<>());
            consumers.add(new ArrayList<>());
        }
        for (ShutdownNode.Builder b : nodes) {
            if (b.parentIndex() != null) {
                children.get(check(b.parentIndex(), b, n, "parent")).add(b.index());
            }
            for (int s : b.supplierIndices()) {
                consumers.get(check(s, b, n, "supplier")).add(b.index());
            }
        }
        List<ShutdownNode> built = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            built.add(nodes.get(i).build(children.get(i), consumers.get(i)));
        }
        this.nodes = List.copyOf(built);
    }

    private static int check(int ref, ShutdownNode.Builder b, int size, String what) {
        if (ref < 0 || ref >= size || ref == b.index()) {
            throw new IllegalArgumentException(b.path() + ": " + what + " index " + ref + " is not another node");
        }
        return ref;
    }

    /** What the graph was taken from (a machine name). */
    public String name() {
        return name;
    }

    /** Nodes in device-list order. */
    public List<ShutdownNode> nodes() {
        return nodes;
    }

    public ShutdownNode node(int index) {
        return nodes.get(index);
    }

    public int size() {
        return nodes.size();
    }

    public Optional<ShutdownNode> find(String path) {
        return nodes.stream().filter(n -> n.path().equals(path)).findFirst();
    }

    /** What must finish before the node starts: its children, then its consumers. */
    public List<ShutdownNode> dependencies(ShutdownNode n) {
        List<ShutdownNode> deps = new ArrayList<>(n.children().size() + n.consumers().size());
        n.children().forEach(i -> deps.add(nodes.get(i)));
        n.consumers().forEach(i -> {
            if (!n.children().contains(i)) {
                deps.add(nodes.get(i));
            }
        });
        return deps;
    }

    /**
     * Dependents before what they depend on, the highest list index first among the ready ones: the reverse
     * list order wherever the list agrees with the dependencies, and the dependency wherever it does not (a
     * parent probed after its child sits behind it).
     *
     * @throws IllegalStateException if the graph has a dependency cycle
     */
    public List<ShutdownNode> topologicalOrder() {
        List<ShutdownNode> order = topologicalOrder;
        if (order == null) {
            order = computeTopologicalOrder();
            topologicalOrder = order;
        }
        return order;
    }

    private List<ShutdownNode> computeTopologicalOrder() {
        int[] pending = new int[size()];
        for (ShutdownNode n : nodes) {
            pending[n.index()] = dependencies(n).size();
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>((a, b) -> Integer.compare(b, a));
        for (ShutdownNode n : nodes) {
            if (pending[n.index()] == 0) {
                ready.add(n.index());
            }
        }
        List<ShutdownNode> order = new ArrayList<>(size());
        while (!ready.isEmpty()) {
            ShutdownNode n = node(ready.poll());
            order.add(n);
            // n is a dependency of its parent and its suppliers.
            List<Integer> up = new ArrayList<>(n.suppliers());
            n.parent().ifPresent(p -> {
                if (!up.contains(p)) {
                    up.add(p);
                }
            });
            for (int u : up) {
                if (--pending[u] == 0) {
                    ready.add(u);
                }
            }
        }
        if (order.size() != size()) {
            throw new IllegalStateException("the shutdown graph " + name + " has a dependency cycle");
        }
        return List.copyOf(order);
    }

    /**
     * The order the sync devices with work keep among themselves: the {@link #topologicalOrder()} restricted to
     * them (reverse list order, except where the list contradicts a dependency: there the dependency wins).
     */
    public List<ShutdownNode> syncChain() {
        List<ShutdownNode> chain = new ArrayList<>();
        for (ShutdownNode n : topologicalOrder()) {
            if (!n.async() && n.hasWork()) {
                chain.add(n);
            }
        }
        return chain;
    }
}
