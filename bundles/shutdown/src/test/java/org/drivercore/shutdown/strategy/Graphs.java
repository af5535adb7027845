package org.drivercore.shutdown.strategy;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.shutdown.engine.TestGraph;

/** The small hand-made graphs every strategy is stepped through (list order top to bottom; times in ms). */
final class Graphs {

    private Graphs() {
    }

    /** root (10), its child (20) listed after it: the list is in order. */
    static ShutdownGraph childBeforeParent() {
        return TestGraph.named("child-before-parent").sync("root", 10).sync("child", 20).parent("root").build();
    }

    /** A supplier (10) and its consumer (20) listed after it. */
    static ShutdownGraph consumerBeforeSupplier() {
        return TestGraph.named("consumer-before-supplier").sync("sup", 10).sync("con", 20).suppliers("sup").build();
    }

    /** a (10) ← b (20) ← c (30), all sync. */
    static ShutdownGraph syncChain() {
        return TestGraph.named("sync-chain").sync("a", 10).sync("b", 20).parent("a").sync("c", 30).parent("b").build();
    }

    /** A bus (sync 5) with two async NVMe controllers (100 each) and a sync device (10). */
    static ShutdownGraph mixed() {
        return TestGraph.named("mixed").sync("bus", 5)
                .async("n1", 100).parent("bus")
                .async("n2", 100).parent("bus")
                .sync("d", 10).parent("bus")
                .build();
    }

    /** A clock (sync 10) with three consumers: async 30, async 50, sync 20. */
    static ShutdownGraph severalConsumers() {
        return TestGraph.named("several-consumers").sync("clk", 10)
                .async("c1", 30).suppliers("clk")
                .async("c2", 50).suppliers("clk")
                .sync("c3", 20).suppliers("clk")
                .build();
    }

    /** A consumer (30) listed before its supplier (10), as when the supplier was registered (or probed) later. */
    static ShutdownGraph supplierAfterConsumer(boolean asyncConsumer) {
        TestGraph g = TestGraph.named("supplier-after-consumer");
        g = asyncConsumer ? g.async("con", 30) : g.sync("con", 30);
        return g.suppliers("sup").sync("sup", 10).build();
    }

    /** The Allwinner A64 case: mmcblk0 (10) listed before its parent mmc0 (20), which probed late. */
    static ShutdownGraph parentAfterChild() {
        return TestGraph.named("parent-after-child").sync("mmcblk0", 10).parent("mmc0").sync("mmc0", 20).build();
    }

    /** a (10) ← b (throws) ← c (10). */
    static ShutdownGraph throwingInTheMiddle() {
        return TestGraph.named("throwing").sync("a", 10).throwing("b", "controller gone").parent("a")
                .sync("c", 10).parent("b").build();
    }

    /** Twenty async leaves (100 each) under a sync root (5): what one kernel thread per device costs. */
    static ShutdownGraph wideAsync(int leaves) {
        TestGraph g = TestGraph.named("wide-async").sync("root", 5);
        for (int i = 0; i < leaves; i++) {
            g.async("nvme" + i, 100).parent("root");
        }
        return g.build();
    }
}
