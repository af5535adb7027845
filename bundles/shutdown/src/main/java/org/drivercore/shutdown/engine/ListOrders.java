package org.drivercore.shutdown.engine;

import java.util.ArrayList;
import java.util.List;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;

/**
 * Other list orders of the same graph, to see which strategies depend on the list being in order: the same devices,
 * edges, flags and work, listed otherwise.
 */
public final class ListOrders {

    private ListOrders() {
    }

    /**
     * The list reversed: every child before its parent and every supplier after its consumer. No kernel makes that
     * list; it is the worst case for a strategy that trusts the list's order.
     */
    public static ShutdownGraph reversed(ShutdownGraph g) {
        int n = g.size();
        List<ShutdownNode.Builder> nodes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ShutdownNode node = g.node(n - 1 - i);
            nodes.add(ShutdownNode.builder(i, node.path())
                    .parent(node.parent().map(p -> n - 1 - p).orElse(null))
                    .supplierLinks(node.supplierLinks().stream().map(l -> new ShutdownNode.Link(n - 1 - l.supplier(), l.flags()))
                            .toList())
                    .asyncFlags(node.asyncFlags())
                    .async(node.asyncSource().orElse(null))
                    .driver(node.driver().orElse(null))
                    .callback(node.hasWork() ? node.callback() : null));
        }
        return new ShutdownGraph(g.name() + " (list reversed)", nodes);
    }
}
