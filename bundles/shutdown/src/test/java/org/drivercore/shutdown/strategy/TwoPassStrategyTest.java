package org.drivercore.shutdown.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.drivercore.shutdown.engine.Trace.lines;
import static org.drivercore.shutdown.engine.Trace.millis;
import static org.drivercore.shutdown.engine.Trace.violations;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.shutdown.engine.EngineOptions;
import org.drivercore.shutdown.engine.RunResult;
import org.drivercore.shutdown.engine.ShutdownEngine;
import org.drivercore.shutdown.engine.TestGraph;
import org.junit.jupiter.api.Test;

/**
 * The seed's v3, step by step: pass 1 starts async devices and shuts the others down in the reverse walk;
 * pass 2 waits for the started ones. Everything happens on main; nothing orders a parent after an async child
 * except the time the walk happens to spend in between.
 */
class TwoPassStrategyTest {

    private static RunResult run(ShutdownGraph g) {
        return ShutdownEngine.runVirtual(g, new TwoPassStrategy(), EngineOptions.of(4));
    }

    @Test
    void namesItself() {
        assertThat(new TwoPassStrategy().name()).isEqualTo("two-pass");
    }

    @Test
    void syncDevicesAreTheSerialWalk() {
        ShutdownGraph g = Graphs.syncChain();
        RunResult r = run(g);
        assertThat(lines(r)).containsExactly("a 50-60 main DONE", "b 30-50 main DONE", "c 0-30 main DONE");
        assertThat(violations(g, r)).isEmpty();
        assertThat(r.peakThreads()).isEqualTo(1);
    }

    @Test
    void theParentStartsWhileItsAsyncChildrenStillRun() {
        ShutdownGraph g = Graphs.mixed();
        RunResult r = run(g);
        // Pass 1: d shut down (0-10), n2 and n1 started at 10, bus shut down at once (10-15).
        // Pass 2: waits for n2 then n1, both ending at 110.
        assertThat(lines(r)).containsExactly("bus 10-15 main DONE", "n1 10-110 main DONE", "n2 10-110 main DONE",
                "d 0-10 main DONE");
        assertThat(r.makespanNanos()).isEqualTo(millis(110));
        assertThat(r.peakThreads()).isEqualTo(1);
        assertThat(violations(g, r)).containsExactlyInAnyOrder("bus<child>n1", "bus<child>n2");
    }

    @Test
    void noViolationWhenTheWalkSpendsLongerThanTheAsyncChild() {
        // The walk reaches n (async, 10 ms) first, then spends 30 ms on d before the bus: n has ended by then.
        ShutdownGraph g = TestGraph.named("slow walk").sync("bus", 5).sync("d", 30).async("n", 10).parent("bus").build();
        RunResult r = run(g);
        assertThat(lines(r)).containsExactly("bus 30-35 main DONE", "d 0-30 main DONE", "n 0-10 main DONE");
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void violationWhenTheWalkIsShorterThanTheAsyncChild() {
        ShutdownGraph g = TestGraph.named("fast walk").sync("bus", 5).sync("d", 30).async("n", 31).parent("bus").build();
        RunResult r = run(g);
        assertThat(lines(r)).containsExactly("bus 30-35 main DONE", "d 0-30 main DONE", "n 0-31 main DONE");
        assertThat(violations(g, r)).containsExactly("bus<child>n");
    }

    @Test
    void severalAsyncConsumersRunTogetherAndTheSupplierDoesNotWait() {
        ShutdownGraph g = Graphs.severalConsumers();
        RunResult r = run(g);
        // c3 (sync) 0-20; c2 and c1 started at 20; clk shut down at 20.
        assertThat(lines(r)).containsExactly("clk 20-30 main DONE", "c1 20-50 main DONE", "c2 20-70 main DONE",
                "c3 0-20 main DONE");
        assertThat(r.makespanNanos()).isEqualTo(millis(70));
        assertThat(violations(g, r)).containsExactlyInAnyOrder("clk<consumer>c1", "clk<consumer>c2");
    }

    @Test
    void supplierListedAfterItsConsumer() {
        ShutdownGraph g = Graphs.supplierAfterConsumer(true);
        RunResult r = run(g);
        assertThat(lines(r)).containsExactly("con 10-40 main DONE", "sup 0-10 main DONE");
        assertThat(violations(g, r)).containsExactly("sup<consumer>con");
    }

    @Test
    void aFailingAsyncDeviceIsWaitedForInPassTwoAndFails() {
        ShutdownGraph g = TestGraph.named("failing async").sync("root", 5).failingAfter("n", true, 50, "abort")
                .parent("root").build();
        RunResult r = run(g);
        assertThat(lines(r)).containsExactly("root 0-5 main DONE", "n 0-50 main FAILED");
        assertThat(r.makespanNanos()).isEqualTo(millis(50));
        assertThat(violations(g, r)).containsExactly("root<child>n");
    }
}
