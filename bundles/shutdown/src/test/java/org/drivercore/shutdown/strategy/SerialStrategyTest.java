package org.drivercore.shutdown.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.drivercore.shutdown.engine.Trace.lines;
import static org.drivercore.shutdown.engine.Trace.millis;
import static org.drivercore.shutdown.engine.Trace.violations;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.shutdown.engine.EngineOptions;
import org.drivercore.shutdown.engine.Outcome;
import org.drivercore.shutdown.engine.RunResult;
import org.drivercore.shutdown.engine.ShutdownEngine;
import org.drivercore.shutdown.engine.TestGraph;
import org.junit.jupiter.api.Test;

/** Mainline device_shutdown(), step by step: the list walked from the tail, one device at a time on main. */
class SerialStrategyTest {

    private static RunResult run(ShutdownGraph g) {
        return ShutdownEngine.runVirtual(g, new SerialStrategy(), EngineOptions.of(4));
    }

    @Test
    void namesItself() {
        assertThat(new SerialStrategy().name()).isEqualTo("serial");
        assertThat(new SerialStrategy().description()).contains("device_shutdown");
    }

    @Test
    void childBeforeParent() {
        RunResult r = run(Graphs.childBeforeParent());
        assertThat(lines(r)).containsExactly("root 20-30 main DONE", "child 0-20 main DONE");
        assertThat(r.makespanNanos()).isEqualTo(millis(30));
        assertThat(r.peakThreads()).isEqualTo(1);
        assertThat(violations(Graphs.childBeforeParent(), r)).isEmpty();
    }

    @Test
    void consumerBeforeSupplier() {
        ShutdownGraph g = Graphs.consumerBeforeSupplier();
        RunResult r = run(g);
        assertThat(lines(r)).containsExactly("sup 20-30 main DONE", "con 0-20 main DONE");
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void syncChainRunsDeepestFirst() {
        ShutdownGraph g = Graphs.syncChain();
        RunResult r = run(g);
        assertThat(lines(r)).containsExactly("a 50-60 main DONE", "b 30-50 main DONE", "c 0-30 main DONE");
        assertThat(r.makespanNanos()).isEqualTo(millis(60));
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void asyncFlagsChangeNothing() {
        ShutdownGraph g = Graphs.mixed();
        RunResult r = run(g);
        assertThat(lines(r)).containsExactly("bus 210-215 main DONE", "n1 110-210 main DONE", "n2 10-110 main DONE",
                "d 0-10 main DONE");
        assertThat(r.makespanNanos()).isEqualTo(millis(215));
        assertThat(r.peakThreads()).isEqualTo(1);
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void deviceWithSeveralConsumers() {
        ShutdownGraph g = Graphs.severalConsumers();
        RunResult r = run(g);
        assertThat(lines(r)).containsExactly("clk 100-110 main DONE", "c1 70-100 main DONE", "c2 20-70 main DONE",
                "c3 0-20 main DONE");
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void supplierListedAfterItsConsumerGoesFirst() {
        ShutdownGraph g = Graphs.supplierAfterConsumer(false);
        RunResult r = run(g);
        assertThat(lines(r)).containsExactly("con 10-40 main DONE", "sup 0-10 main DONE");
        assertThat(violations(g, r)).containsExactly("sup<consumer>con");
        assertThat(r.deadlock()).isFalse();
    }

    @Test
    void parentListedAfterItsChildGoesFirst() {
        ShutdownGraph g = Graphs.parentAfterChild();
        RunResult r = run(g);
        assertThat(lines(r)).containsExactly("mmcblk0 20-30 main DONE", "mmc0 0-20 main DONE");
        assertThat(violations(g, r)).containsExactly("mmc0<child>mmcblk0");
    }

    @Test
    void aCallbackThatThrowsFailsAndTheWalkGoesOn() {
        ShutdownGraph g = Graphs.throwingInTheMiddle();
        RunResult r = run(g);
        assertThat(lines(r)).containsExactly("a 10-20 main DONE", "b 10-10 main FAILED", "c 0-10 main DONE");
        assertThat(r.record(1).detail()).contains("IllegalStateException").contains("controller gone");
        assertThat(r.outcomes()).containsEntry(Outcome.FAILED, 1).containsEntry(Outcome.DONE, 2);
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void aStageThatFailsLaterFailsWhenItEnds() {
        ShutdownGraph g = TestGraph.named("late failure").sync("a", 10).failingAfter("b", false, 5, "timeout")
                .parent("a").build();
        RunResult r = run(g);
        assertThat(lines(r)).containsExactly("a 5-15 main DONE", "b 0-5 main FAILED");
        assertThat(r.record(1).detail()).contains("timeout");
    }
}
