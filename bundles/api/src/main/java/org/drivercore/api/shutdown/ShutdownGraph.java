package org.drivercore.api.shutdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    private volatile List<ShutdownNode> syncChain;

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

    /** What must finish before the node starts: its children, then its consumers; a new list, the caller's to change. */
    public List<ShutdownNode> dependencies(ShutdownNode n) {
        List<Integer> children = n.children();
        List<Integer> consumers = n.consumers();
        List<ShutdownNode> deps = new ArrayList<>(children.size() + consumers.size() + 1);
        for (int i = 0; i < children.size(); i++) {
            deps.add(nodes.get(children.get(i)));
        }
        for (int i = 0; i < consumers.size(); i++) {
            ShutdownNode c = nodes.get(consumers.get(i));
            // A consumer that is also a child is listed once: its parent is this node.
            if (!c.isChildOf(n.index())) {
                deps.add(c);
            }
        }
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

    /**
     * Kahn's algorithm with a max-heap of list indexes: each node counts its distinct dependencies (children, and
     * consumers that are not also children), and a node's finish counts down its parent and its suppliers.
     */
    private List<ShutdownNode> computeTopologicalOrder() {
        int size = size();
        int[] pending = new int[size];
        int[] stamp = new int[size];
        for (ShutdownNode n : nodes) {
            int i = n.index();
            int count = 0;
            for (int c : n.children()) {
                stamp[c] = i + 1;
                count++;
            }
            for (int c : n.consumers()) {
                if (stamp[c] != i + 1) {
                    count++;
                }
            }
            pending[i] = count;
        }
        IntMaxHeap ready = new IntMaxHeap(size);
        for (int i = 0; i < size; i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        ShutdownNode[] order = new ShutdownNode[size];
        int k = 0;
        while (!ready.isEmpty()) {
            ShutdownNode n = nodes.get(ready.poll());
            order[k++] = n;
            // n is a dependency of its suppliers and of its parent (once, if the parent is also a supplier).
            for (int u : n.suppliers()) {
                if (--pending[u] == 0) {
                    ready.add(u);
                }
            }
            int p = n.parent().orElse(-1);
            if (p >= 0 && !n.suppliers().contains(p) && --pending[p] == 0) {
                ready.add(p);
            }
        }
        if (k != size) {
            throw new IllegalStateException("the shutdown graph " + name + " has a dependency cycle");
        }
        return List.of(order);
    }

    /** A binary max-heap of ints, for the order above: no boxing. */
    private static final class IntMaxHeap {
        private final int[] heap;
        private int size;

        IntMaxHeap(int capacity) {
            heap = new int[Math.max(1, capacity)];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void add(int v) {
            int i = size++;
            heap[i] = v;
            while (i > 0 && heap[(i - 1) / 2] < heap[i]) {
                int p = (i - 1) / 2;
                int t = heap[p];
                heap[p] = heap[i];
                heap[i] = t;
                i = p;
            }
        }

        int poll() {
            int top = heap[0];
            heap[0] = heap[--size];
            int i = 0;
            while (true) {
                int l = 2 * i + 1;
                int r = l + 1;
                int m = i;
                if (l < size && heap[l] > heap[m]) {
                    m = l;
                }
                if (r < size && heap[r] > heap[m]) {
                    m = r;
                }
                if (m == i) {
                    return top;
                }
                int t = heap[m];
                heap[m] = heap[i];
                heap[i] = t;
                i = m;
            }
        }
    }

    /**
     * The order the sync devices with work keep among themselves: the {@link #topologicalOrder()} restricted to
     * them (reverse list order, except where the list contradicts a dependency: there the dependency wins).
     */
    public List<ShutdownNode> syncChain() {
        List<ShutdownNode> chain = syncChain;
        if (chain == null) {
            List<ShutdownNode> out = new ArrayList<>();
            for (ShutdownNode n : topologicalOrder()) {
                if (!n.async() && n.hasWork()) {
                    out.add(n);
                }
            }
            chain = List.copyOf(out);
            syncChain = chain;
        }
        return chain;
    }
}
