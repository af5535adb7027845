package org.drivercore.api.shutdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An immutable snapshot of the device tree at shutdown start: one node per device, in device-list order,
 * with edges child → parent and consumer → supplier.
 */
public final class ShutdownGraph {

    private final String name;
    private final List<ShutdownNode> nodes;

    /**
     * @param nodes in list order: node {@code i} has index {@code i}
     * @throws IllegalArgumentException when indices or references are inconsistent
     */
    public ShutdownGraph(String name, List<ShutdownNode> nodes) {
        this.name = name;
        this.nodes = List.copyOf(nodes);
        List<List<Integer>> children = new ArrayList<>();
        List<List<Integer>> consumers = new ArrayList<>();
        for (int i = 0; i < this.nodes.size(); i++) {
            ShutdownNode n = this.nodes.get(i);
            if (n.index() != i) {
                throw new IllegalArgumentException("node " + n.path() + " has index " + n.index() + " at position " + i);
            }
            children.add(new ArrayList<>());
            consumers.add(new ArrayList<>());
        }
        for (ShutdownNode n : this.nodes) {
            n.parent().ifPresent(p -> children.get(check(p, n, "parent")).add(n.index()));
            for (int s : n.suppliers()) {
                consumers.get(check(s, n, "supplier")).add(n.index());
            }
        }
        for (ShutdownNode n : this.nodes) {
            n.children = List.copyOf(children.get(n.index()));
            n.consumers = List.copyOf(consumers.get(n.index()));
        }
    }

    private int check(int ref, ShutdownNode n, String what) {
        if (ref < 0 || ref >= nodes.size() || ref == n.index()) {
            throw new IllegalArgumentException(n.path() + ": " + what + " index " + ref + " is not another node");
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
}
