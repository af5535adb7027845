package org.drivercore.api.shutdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import org.drivercore.api.LinkFlag;

/**
 * An immutable snapshot of the device tree at shutdown start: one node per device, in device-list order, with edges
 * child → parent and consumer → supplier for the links it honours (by default every link but those that only exist
 * for sync-state). A strategy gets its own view ({@link #honouring}, {@link #withAsync}): the links and async flags of
 * its kernel generation. Besides the nodes the graph offers the orders a strategy plans with: the topological order
 * that prefers the list's own, and the chain the sync devices keep.
 */
public final class ShutdownGraph {

    /** The links that order a shutdown in Linux: every one but those that only exist for sync-state. */
    public static final Predicate<Set<LinkFlag>> ORDERING_LINKS = flags -> !LinkFlag.isSyncStateOnly(flags);

    private final String name;
    private final List<ShutdownNode> nodes;
    private final Predicate<Set<LinkFlag>> honoured;
    /** Computed once, on first use: the graph never changes. */
    private volatile List<ShutdownNode> topologicalOrder;

    /**
     * @param nodes in list order: node {@code i} has index {@code i}
     * @throws IllegalArgumentException when indices or references are inconsistent
     */
    public ShutdownGraph(String name, List<ShutdownNode.Builder> nodes) {
        this(name, nodes, ORDERING_LINKS);
    }

    /**
     * @param nodes    in list order: node {@code i} has index {@code i}
     * @param honoured which links order the shutdown, by their flags
     * @throws IllegalArgumentException when indices or references are inconsistent
     */
    public ShutdownGraph(String name, List<ShutdownNode.Builder> nodes, Predicate<Set<LinkFlag>> honoured) {
        this.name = name;
        this.honoured = honoured;
        int n = nodes.size();
        List<List<Integer>> suppliers = new ArrayList<>(n);
        List<List<Integer>> children = new ArrayList<>(n);
        List<List<Integer>> consumers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ShutdownNode.Builder b = nodes.get(i);
            if (b.index() != i) {
                throw new IllegalArgumentException("node " + b.path() + " has index " + b.index() + " at position " + i);
            }
            suppliers.add(new ArrayList<>());
            children.add(new ArrayList<>());
            consumers.add(new ArrayList<>());
        }
        for (ShutdownNode.Builder b : nodes) {
            if (b.parentIndex() != null) {
                children.get(check(b.parentIndex(), b, n, "parent")).add(b.index());
            }
            for (ShutdownNode.Link l : b.links()) {
                int s = check(l.supplier(), b, n, "supplier");
                if (honoured.test(l.flags()) && !suppliers.get(b.index()).contains(s)) {
                    suppliers.get(b.index()).add(s);
                    consumers.get(s).add(b.index());
                }
            }
        }
        List<ShutdownNode> built = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            built.add(nodes.get(i).build(suppliers.get(i), children.get(i), consumers.get(i)));
        }
        this.nodes = List.copyOf(built);
    }

    /** The same graph, ordered by the links with these flags only (a strategy that waits on other links). */
    public ShutdownGraph honouring(Predicate<Set<LinkFlag>> links) {
        return new ShutdownGraph(name, nodes.stream().map(ShutdownNode::toBuilder).toList(), links);
    }

    /** The same graph with each node's async flag resolved anew (null: sync). */
    public ShutdownGraph withAsync(Function<ShutdownNode, AsyncSource> async) {
        return new ShutdownGraph(name, nodes.stream().map(n -> n.toBuilder().async(async.apply(n))).toList(), honoured);
    }

    /** The same graph with the given callbacks (an observer's wrappers), same edges and flags. */
    public ShutdownGraph withCallbacks(Function<ShutdownNode, ShutdownCallback> callbacks) {
        return new ShutdownGraph(name,
                nodes.stream().map(n -> n.toBuilder().callback(n.hasWork() ? callbacks.apply(n) : null)).toList(), honoured);
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
