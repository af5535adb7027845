package org.drivercore.shutdown.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.drivercore.shutdown.engine.TestGraph.path;
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

/**
 * v18, step by step: async devices scheduled first, each waiting (holding its worker) for all its children and
 * consumers; sync devices inline in the reverse walk on main, waiting only for their async dependents.
 */
class CompletionsStrategyTest {

    private static RunResult run(ShutdownGraph g, int pool) {
        return ShutdownEngine.runVirtual(g, new CompletionsStrategy(), EngineOptions.of(pool));
    }

    @Test
    void namesItself() {
        assertThat(new CompletionsStrategy().name()).isEqualTo("completions");
    }

    @Test
    void childBeforeParent() {
        ShutdownGraph g = Graphs.childBeforeParent();
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("root 20-30 main DONE", "child 0-20 main DONE");
        assertThat(r.peakThreads()).isEqualTo(1);
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void consumerBeforeSupplier() {
        ShutdownGraph g = Graphs.consumerBeforeSupplier();
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("sup 20-30 main DONE", "con 0-20 main DONE");
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void syncChain() {
        ShutdownGraph g = Graphs.syncChain();
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("a 50-60 main DONE", "b 30-50 main DONE", "c 0-30 main DONE");
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void mixedAsyncAndSync() {
        // n2 then n1 scheduled (worker-0, worker-1), both run at once; the walk does d, then waits at bus for them.
        ShutdownGraph g = Graphs.mixed();
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("bus 100-105 main DONE", "n1 0-100 worker-1 DONE", "n2 0-100 worker-0 DONE",
                "d 0-10 main DONE");
        assertThat(r.makespanNanos()).isEqualTo(millis(105));
        assertThat(r.peakThreads()).isEqualTo(3);
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void devicesBeyondThePendingLimitFallBackToSyncInTheWalk() {
        // MAX_WORK 0: n2 (last in the list) is scheduled, as nothing is pending yet; n1 is refused (one pending
        // > 0), so the walk shuts it down inline after d; bus waits only for n2, the one on the pool.
        ShutdownGraph g = Graphs.mixed();
        RunResult r = ShutdownEngine.runVirtual(g, new CompletionsStrategy(0), EngineOptions.of(4));
        assertThat(lines(r)).containsExactly("bus 110-115 main DONE", "n1 10-110 main DONE", "n2 0-100 worker-0 DONE",
                "d 0-10 main DONE");
        assertThat(r.peakThreads()).isEqualTo(2);
        assertThat(violations(g, r)).isEmpty();

        // MAX_WORK 1: two may be pending, n1 and n2 are both scheduled, as without a limit.
        RunResult both = ShutdownEngine.runVirtual(g, new CompletionsStrategy(1), EngineOptions.of(4));
        assertThat(lines(both)).isEqualTo(lines(run(g, 4)));
        assertThat(CompletionsStrategy.MAX_WORK).isEqualTo(32768);
    }

    @Test
    void oneWorkerRunsTheAsyncDevicesOneByOne() {
        ShutdownGraph g = Graphs.mixed();
        RunResult r = run(g, 1);
        assertThat(lines(r)).containsExactly("bus 200-205 main DONE", "n1 100-200 worker-0 DONE", "n2 0-100 worker-0 DONE",
                "d 0-10 main DONE");
        assertThat(r.peakThreads()).isEqualTo(2);
    }

    @Test
    void deviceWithSeveralConsumers() {
        ShutdownGraph g = Graphs.severalConsumers();
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("clk 50-60 main DONE", "c1 0-30 worker-1 DONE", "c2 0-50 worker-0 DONE",
                "c3 0-20 main DONE");
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void syncSupplierListedAfterItsSyncConsumerGoesFirst() {
        // The walk is the only order between sync devices.
        ShutdownGraph g = Graphs.supplierAfterConsumer(false);
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("con 10-40 main DONE", "sup 0-10 main DONE");
        assertThat(violations(g, r)).containsExactly("sup<consumer>con");
        assertThat(r.deadlock()).isFalse();
    }

    @Test
    void syncSupplierListedAfterItsAsyncConsumerWaitsForIt() {
        ShutdownGraph g = Graphs.supplierAfterConsumer(true);
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("con 0-30 worker-0 DONE", "sup 30-40 main DONE");
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void parentListedAfterItsSyncChildGoesFirst() {
        ShutdownGraph g = Graphs.parentAfterChild();
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("mmcblk0 20-30 main DONE", "mmc0 0-20 main DONE");
        assertThat(violations(g, r)).containsExactly("mmc0<child>mmcblk0");
    }

    @Test
    void orderingOnlyDeviceCompletesAfterItsAsyncChildren() {
        // hub has no callback: the walk still waits there for n before completing it, so root comes after n.
        ShutdownGraph g = TestGraph.named("hub").sync("root", 10).noWork("hub").parent("root").async("n", 50)
                .parent("hub").build();
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("root 50-60 main DONE", "hub 50-50 main DONE", "n 0-50 worker-0 DONE");
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void aFailedAsyncChildStillCompletes() {
        ShutdownGraph g = TestGraph.named("failing async").sync("root", 5).failingAfter("n", true, 50, "abort")
                .parent("root").build();
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("root 50-55 main DONE", "n 0-50 worker-0 FAILED");
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void poolExhaustionAsyncParentListedAfterItsAsyncChild() {
        // p is scheduled first, takes the only worker and waits there for c, queued behind it.
        ShutdownGraph g = TestGraph.named("exhaustion").async("c", 10).parent("p").async("p", 20).build();
        RunResult one = run(g, 1);
        assertThat(one.deadlock()).isTrue();
        assertThat(one.waitCycle()).containsExactly(path("c"), path("p"), path("c"));
        assertThat(one.hangReports().get(0))
                .contains(path("c") + ": queued for a free worker (all 1 taken)")
                .contains(path("p") + ": waiting on worker-0 for wait_for_shutdown_dependencies(async)");
        assertThat(one.outcomes()).containsEntry(Outcome.SKIPPED, 2);
        RunResult two = run(g, 2);
        assertThat(lines(two)).containsExactly("c 0-10 worker-1 DONE", "p 10-30 worker-0 DONE");
        assertThat(violations(g, two)).isEmpty();
    }

    @Test
    void theWalkBlocksOnAnAsyncDeviceThatWaitsForADeviceTheWalkHasNotReached() {
        // s (sync) is listed first although its parent is a (async), whose parent is p (sync): the walk stops at p
        // waiting for a, a waits for s, and s waits for main.
        ShutdownGraph g = TestGraph.named("walk hang").sync("s", 10).parent("a").sync("p", 10).async("a", 10).parent("p")
                .build();
        RunResult r = run(g, 4);
        assertThat(r.deadlock()).isTrue();
        assertThat(r.waitCycle()).containsExactly(path("s"), path("p"), path("a"), path("s"));
        assertThat(r.hangReports().get(0)).contains(path("s") + ": queued for the main thread (held by /devices/p)");
    }

    @Test
    void aboutOneThreadPerAsyncDevice() {
        ShutdownGraph g = Graphs.wideAsync(20);
        RunResult wide = run(g, 256);
        assertThat(wide.peakThreads()).isEqualTo(21);
        assertThat(wide.makespanNanos()).isEqualTo(millis(105));
        RunResult narrow = run(g, 1);
        assertThat(narrow.makespanNanos()).isEqualTo(millis(2005));
    }
}
