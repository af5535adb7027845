package org.drivercore.shutdown.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.drivercore.shutdown.engine.Trace.lines;
import static org.drivercore.shutdown.engine.Trace.millis;
import static org.drivercore.shutdown.engine.Trace.times;
import static org.drivercore.shutdown.engine.Trace.violations;

import java.time.Duration;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.shutdown.engine.EngineOptions;
import org.drivercore.shutdown.engine.CriticalPath;
import org.drivercore.shutdown.engine.Outcome;
import org.drivercore.shutdown.engine.RunResult;
import org.drivercore.shutdown.engine.ShutdownEngine;
import org.drivercore.shutdown.engine.TestGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * drivercore's dag, step by step: every device starts the moment its last dependency (and, if sync, the previous
 * sync device) finishes; waiting holds no worker, so one worker is as fast as many.
 */
class DagStrategyTest {

    private static RunResult run(ShutdownGraph g, int pool) {
        return ShutdownEngine.runVirtual(g, new DagStrategy(), EngineOptions.of(pool));
    }

    @Test
    void namesItself() {
        assertThat(new DagStrategy().name()).isEqualTo("dag");
    }

    @Test
    void childBeforeParent() {
        ShutdownGraph g = Graphs.childBeforeParent();
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("root 20-30 worker-0 DONE", "child 0-20 worker-0 DONE");
        assertThat(violations(g, r)).isEmpty();
        assertThat(r.peakThreads()).isEqualTo(1);
    }

    @Test
    void consumerBeforeSupplier() {
        ShutdownGraph g = Graphs.consumerBeforeSupplier();
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("sup 20-30 worker-0 DONE", "con 0-20 worker-0 DONE");
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void syncChain() {
        ShutdownGraph g = Graphs.syncChain();
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("a 50-60 worker-0 DONE", "b 30-50 worker-0 DONE", "c 0-30 worker-0 DONE");
    }

    @Test
    void unrelatedSyncDevicesStaySerialInReverseListOrder() {
        ShutdownGraph g = TestGraph.named("two roots").sync("x", 10).sync("y", 20).build();
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("x 20-30 worker-0 DONE", "y 0-20 worker-0 DONE");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 64})
    void mixedReachesTheCriticalPathWithAnyPool(int pool) {
        ShutdownGraph g = Graphs.mixed();
        RunResult r = run(g, pool);
        assertThat(times(r)).containsExactly("bus 100-105", "n1 0-100", "n2 0-100", "d 0-10");
        assertThat(r.makespanNanos()).isEqualTo(millis(105)).isEqualTo(CriticalPath.underOrdering(g, CriticalPath.durations(r)));
        assertThat(r.peakThreads()).isEqualTo(Math.min(pool, 3));
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void oneWorkerStartsEveryReadyDevice() {
        ShutdownGraph g = Graphs.mixed();
        RunResult r = run(g, 1);
        assertThat(lines(r)).containsExactly("bus 100-105 worker-0 DONE", "n1 0-100 worker-0 DONE",
                "n2 0-100 worker-0 DONE", "d 0-10 worker-0 DONE");
    }

    @Test
    void deviceWithSeveralConsumers() {
        ShutdownGraph g = Graphs.severalConsumers();
        RunResult r = run(g, 2);
        assertThat(times(r)).containsExactly("clk 50-60", "c1 0-30", "c2 0-50", "c3 0-20");
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void supplierListedAfterItsConsumerStillGoesAfterIt() {
        ShutdownGraph g = Graphs.supplierAfterConsumer(false);
        RunResult r = run(g, 4);
        assertThat(times(r)).containsExactly("con 0-30", "sup 30-40");
        assertThat(violations(g, r)).isEmpty();
        assertThat(r.deadlock()).isFalse();
    }

    @Test
    void parentListedAfterItsChildStillGoesAfterIt() {
        ShutdownGraph g = Graphs.parentAfterChild();
        RunResult r = run(g, 1);
        assertThat(times(r)).containsExactly("mmcblk0 0-10", "mmc0 10-30");
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void oneWorkerIsAsFastAsTwentyForTwentyNvmeDrives() {
        ShutdownGraph g = Graphs.wideAsync(20);
        RunResult one = run(g, 1);
        assertThat(one.makespanNanos()).isEqualTo(millis(105));
        assertThat(one.peakThreads()).isEqualTo(1);
        RunResult many = run(g, 256);
        assertThat(many.makespanNanos()).isEqualTo(millis(105));
        // Twenty callbacks start at the same instant, each on a worker it gives back at once.
        assertThat(many.peakThreads()).isEqualTo(20);
    }

    @Test
    void aThrowingCallbackCompletesItsDeviceAndTheParentGoesOn() {
        ShutdownGraph g = Graphs.throwingInTheMiddle();
        RunResult r = run(g, 2);
        // b's worker is still taken when a is woken (b failed at once), so a gets the other one.
        assertThat(lines(r)).containsExactly("a 10-20 worker-1 DONE", "b 10-10 worker-0 FAILED", "c 0-10 worker-0 DONE");
        assertThat(r.outcomes()).containsEntry(Outcome.FAILED, 1);
    }

    @Test
    void theDeadlineCutsTheRun() {
        ShutdownGraph g = TestGraph.named("slow").sync("a", 10_000).sync("b", 10_000).parent("a").async("n", 20_000)
                .parent("a").build();
        RunResult r = ShutdownEngine.runVirtual(g, new DagStrategy(), EngineOptions.of(2).withDeadline(Duration.ofSeconds(15)));
        assertThat(r.deadlineHit()).isTrue();
        assertThat(lines(r)).containsExactly("a --15000 - SKIPPED", "b 0-10000 worker-1 DONE",
                "n 0-15000 worker-0 TIMED_OUT");
        assertThat(r.makespanNanos()).isEqualTo(Duration.ofSeconds(15).toNanos());
        assertThat(r.hangReports()).hasSize(1);
        assertThat(r.hangReports().get(0))
                .contains("/devices/a: waiting for children and consumers of #0 /devices/a and the previous sync device "
                        + "#1 /devices/b [/devices/n]")
                .contains("/devices/n: running on worker-0 since 0.000 s");
        assertThat(violations(g, r)).isEmpty();
    }
}
