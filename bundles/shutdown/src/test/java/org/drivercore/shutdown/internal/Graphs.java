package org.drivercore.shutdown.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

import org.drivercore.api.shutdown.Program;
import org.drivercore.api.shutdown.Program.Hold;
import org.drivercore.api.shutdown.ShutdownExecutor;
import org.drivercore.api.shutdown.AsyncSource;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.api.shutdown.ShutdownStrategy;
import org.drivercore.shutdown.strategy.DagStrategy;
import org.drivercore.shutdown.strategy.SerialStrategy;

/** Small graphs, and strategies for the glue's tests: the real ones and a deliberately broken one. */
final class Graphs {

    private Graphs() {
    }

    /**
     * A root bridge (1 ms, sync), a sync platform device (2 ms), and two NVMe children of the root (async, 50 ms
     * and 100 ms), the second a consumer of the platform device (so behind it in the list, as a link makes it).
     * Critical path: 100 ms (nvme0), then the platform device (2 ms), then the root (1 ms): 103 ms.
     */
    static ShutdownGraph small() {
        List<ShutdownNode.Builder> nodes = new ArrayList<>();
        nodes.add(node(0, "/devices/pci0", null, List.of(), false, 1));
        nodes.add(node(1, "/devices/platform/bmc", null, List.of(), false, 2));
        nodes.add(node(2, "/devices/pci0/nvme1", 0, List.of(), true, 50));
        nodes.add(node(3, "/devices/pci0/nvme0", 0, List.of(1), true, 100));
        return new ShutdownGraph("small", nodes);
    }

    static ShutdownNode.Builder node(int index, String path, Integer parent, List<Integer> suppliers, boolean async, long ms) {
        // Flagged as v18 flags (by the subsystem), and resolved already for runs made straight on the engine.
        return ShutdownNode.builder(index, path).parent(parent).suppliers(suppliers)
                .asyncFlags(async ? Set.of(AsyncSource.SUBSYSTEM) : Set.of()).async(async ? AsyncSource.SUBSYSTEM : null)
                .driver("drv").callback(ctx -> ctx.sleep(Duration.ofMillis(ms)));
    }

    /** The real dag strategy. */
    static ShutdownStrategy dag() {
        return new DagStrategy();
    }

    /** The real serial strategy (mainline's reverse walk). */
    static ShutdownStrategy serial() {
        return new SerialStrategy();
    }

    /** Throwaway broken strategy: parents first (the wrong order), all on main. */
    static ShutdownStrategy forward() {
        return strategy("forward", "list order, parents first: wrong", (graph, executor) -> {
            Program.Builder walk = Program.named("forward");
            graph.nodes().forEach(n -> walk.run(n, Hold.HOLD));
            executor.main(walk.build());
        });
    }

    /** A strategy that waits for a condition that never holds. */
    static ShutdownStrategy stuck() {
        return strategy("stuck", "waits for a condition that never holds", (graph, executor) -> executor.pool(
                Program.forNode(graph.node(0)).await(executor.condition("never", () -> false, List::of), Hold.HOLD)
                        .run(graph.node(0), Hold.HOLD).build()));
    }

    private static ShutdownStrategy strategy(String name, String description,
            BiConsumer<ShutdownGraph, ShutdownExecutor> plan) {
        return new ShutdownStrategy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public void plan(ShutdownGraph graph, ShutdownExecutor executor) {
                plan.accept(graph, executor);
            }
        };
    }
}
