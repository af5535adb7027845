package org.drivercore.shutdown.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.drivercore.shutdown.engine.TestGraph.path;
import static org.drivercore.shutdown.engine.Trace.lines;
import static org.drivercore.shutdown.engine.Trace.millis;
import static org.drivercore.shutdown.engine.Trace.violations;

import java.time.Duration;

import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.shutdown.engine.EngineOptions;
import org.drivercore.shutdown.engine.GraphSnapshot;
import org.drivercore.shutdown.engine.Outcome;
import org.drivercore.shutdown.engine.RunResult;
import org.drivercore.shutdown.engine.ShutdownEngine;
import org.drivercore.shutdown.engine.TestGraph;
import org.junit.jupiter.api.Test;

/**
 * Hayes v8, step by step. The walk hands out cookies 1, 2, ... from the tail of the list; a sync device's
 * shutdown_after is the previous cookie; a device's cookie then goes into its parent's and its suppliers'
 * shutdown_after. Each entry, on its worker, waits for every entry with a cookie up to its shutdown_after.
 */
class CookieChainStrategyTest {

    private static RunResult run(ShutdownGraph g, int pool) {
        return ShutdownEngine.runVirtual(g, new CookieChainStrategy(), EngineOptions.of(pool));
    }

    @Test
    void namesItself() {
        assertThat(new CookieChainStrategy().name()).isEqualTo("cookie-chain");
    }

    @Test
    void childBeforeParent() {
        // child: cookie 1, shutdown_after 0; root: shutdown_after 1 (its child's, then the previous cookie), cookie 2.
        ShutdownGraph g = Graphs.childBeforeParent();
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("root 20-30 worker-1 DONE", "child 0-20 worker-0 DONE");
        assertThat(r.peakThreads()).isEqualTo(3);
        assertThat(violations(g, r)).isEmpty();
        assertThat(r.deadlock()).isFalse();
    }

    @Test
    void consumerBeforeSupplier() {
        ShutdownGraph g = Graphs.consumerBeforeSupplier();
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("sup 20-30 worker-1 DONE", "con 0-20 worker-0 DONE");
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void syncChainIsSerialButEveryDeviceHoldsAWorker() {
        ShutdownGraph g = Graphs.syncChain();
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("a 50-60 worker-2 DONE", "b 30-50 worker-1 DONE", "c 0-30 worker-0 DONE");
        assertThat(r.peakThreads()).isEqualTo(4);
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void mixedAsyncAndSync() {
        // d: cookie 1; n2: cookie 2; n1: cookie 3 (async: shutdown_after stays 0); bus: shutdown_after 3, cookie 4.
        ShutdownGraph g = Graphs.mixed();
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("bus 100-105 worker-3 DONE", "n1 0-100 worker-2 DONE",
                "n2 0-100 worker-1 DONE", "d 0-10 worker-0 DONE");
        assertThat(r.makespanNanos()).isEqualTo(millis(105));
        assertThat(r.peakThreads()).isEqualTo(5);
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void aSmallPoolQueuesEntriesInCookieOrder() {
        ShutdownGraph g = Graphs.mixed();
        RunResult one = run(g, 1);
        assertThat(lines(one)).containsExactly("bus 210-215 worker-0 DONE", "n1 110-210 worker-0 DONE",
                "n2 10-110 worker-0 DONE", "d 0-10 worker-0 DONE");
        assertThat(one.peakThreads()).isEqualTo(2);
        RunResult two = run(g, 2);
        // bus gets worker-1 when n2 ends at 100, then waits there for n1 (cookie 3) until 110.
        assertThat(lines(two)).containsExactly("bus 110-115 worker-1 DONE", "n1 10-110 worker-0 DONE",
                "n2 0-100 worker-1 DONE", "d 0-10 worker-0 DONE");
        assertThat(two.peakThreads()).isEqualTo(3);
        assertThat(violations(g, one)).isEmpty();
        assertThat(violations(g, two)).isEmpty();
    }

    @Test
    void severalConsumersOverwriteTheSupplierButInOrderThatIsHarmless() {
        // c3: cookie 1, c2: 2, c1: 3, each overwriting clk's shutdown_after; clk (sync): previous cookie 3, cookie 4.
        ShutdownGraph g = Graphs.severalConsumers();
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("clk 50-60 worker-3 DONE", "c1 0-30 worker-2 DONE",
                "c2 0-50 worker-1 DONE", "c3 0-20 worker-0 DONE");
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void aSyncDeviceWaitsForEveryEarlierCookieEvenUnrelatedAsyncOnes() {
        // y: cookie 1; n (async): cookie 2, shutdown_after 0; x (sync): shutdown_after = previous cookie 2, cookie 3.
        // x is related to nothing, yet waits for n: v8's sync devices are serial behind everything scheduled before.
        ShutdownGraph g = TestGraph.named("unrelated").sync("x", 10).async("n", 30).sync("y", 20).build();
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("x 30-40 worker-2 DONE", "n 0-30 worker-1 DONE", "y 0-20 worker-0 DONE");
        RunResult dag = ShutdownEngine.runVirtual(g, new DagStrategy(), EngineOptions.of(4));
        assertThat(dag.makespanNanos()).isEqualTo(millis(30));
    }

    @Test
    void supplierRegisteredAfterItsConsumerIsACircularWait() {
        // sup: cookie 1; con (sync): shutdown_after 1, cookie 2, then sup's shutdown_after = 2.
        // sup waits for cookies 1..2 (con and itself); con waits for cookie 1 (sup).
        ShutdownGraph g = Graphs.supplierAfterConsumer(false);
        RunResult r = run(g, 4);
        assertThat(r.deadlock()).isTrue();
        assertThat(r.deadlineHit()).isFalse();
        assertThat(r.waitCycle()).containsExactly(path("con"), path("sup"), path("con"));
        assertThat(lines(r)).containsExactly("con --0 - SKIPPED", "sup --0 - SKIPPED");
        assertThat(r.hangReports()).hasSize(1);
        assertThat(r.hangReports().get(0))
                .contains(path("sup") + ": waiting on worker-0 for async_synchronize_cookie_domain(3) with its own cookie 1 ["
                        + path("con") + ", " + path("sup") + "]")
                .contains(path("con") + ": waiting on worker-1 for async_synchronize_cookie_domain(2) with its own cookie 2 ["
                        + path("sup") + "]")
                .contains("wait-for cycle: /devices/con -> /devices/sup -> /devices/con");
    }

    @Test
    void anAsyncConsumerListedFirstLeavesItsSupplierWaitingForItself() {
        ShutdownGraph g = Graphs.supplierAfterConsumer(true);
        RunResult r = run(g, 4);
        assertThat(r.record(0).outcome()).isEqualTo(Outcome.DONE);
        assertThat(r.record(1).outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(r.waitCycle()).containsExactly(path("sup"), path("sup"));
    }

    @Test
    void parentProbedAfterItsChildWaitsForItselfTheA64Case() {
        // mmc0: cookie 1; mmcblk0: shutdown_after 1, cookie 2, overwrites mmc0's shutdown_after with 2:
        // mmc0 waits for cookies up to 2, its own among them (264 waiting on 297 on the A64).
        ShutdownGraph g = Graphs.parentAfterChild();
        RunResult r = run(g, 4);
        assertThat(r.deadlock()).isTrue();
        assertThat(r.waitCycle()).containsExactly(path("mmcblk0"), path("mmc0"), path("mmcblk0"));
        assertThat(r.outcomes()).containsEntry(Outcome.SKIPPED, 2);
        assertThat(r.record(1).detail()).contains("wait-for cycle");
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void theA64DeadlockWithADeadline() {
        ShutdownGraph g = Graphs.parentAfterChild();
        RunResult r = ShutdownEngine.runVirtual(g, new CookieChainStrategy(),
                EngineOptions.of(4).withDeadline(Duration.ofSeconds(60)));
        assertThat(r.deadlineHit()).isTrue();
        assertThat(r.makespanNanos()).isEqualTo(Duration.ofSeconds(60).toNanos());
        // Reports at 15, 30 and 45 s, then the deadline's at 60 s.
        assertThat(r.hangReports()).hasSize(4);
        assertThat(r.hangReports().get(0)).startsWith("no device finished shutting down for PT15S (at 15.000 s); 2 of 2 unfinished:");
        assertThat(r.hangReports().get(3)).startsWith("the system deadline of PT1M is reached (at 60.000 s); 2 of 2 unfinished:");
        assertThat(r.waitCycle()).containsExactly(path("mmcblk0"), path("mmc0"), path("mmcblk0"));
        assertThat(lines(r)).containsExactly("mmcblk0 --60000 - SKIPPED", "mmc0 --60000 - SKIPPED");
        assertThat(r.record(0).detail()).isEqualTo("unfinished at the system deadline");
    }

    @Test
    void poolExhaustedByTheDeadlockedParent() {
        // One worker: mmc0 (cookie 1) takes it and waits for itself; mmcblk0 never gets a worker.
        ShutdownGraph g = Graphs.parentAfterChild();
        RunResult r = run(g, 1);
        assertThat(r.waitCycle()).containsExactly(path("mmcblk0"), path("mmc0"), path("mmcblk0"));
        assertThat(r.hangReports().get(0)).contains(path("mmcblk0") + ": queued for a free worker (all 1 taken)");
        assertThat(r.peakThreads()).isEqualTo(2);
    }

    @Test
    void aboutOneThreadPerDevice() {
        ShutdownGraph g = Graphs.wideAsync(20);
        RunResult r = run(g, 256);
        assertThat(r.peakThreads()).isEqualTo(22);
        assertThat(r.makespanNanos()).isEqualTo(millis(105));
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void aThrowingCallbackReturnsItsEntryAndTheChainGoesOn() {
        ShutdownGraph g = Graphs.throwingInTheMiddle();
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("a 10-20 worker-2 DONE", "b 10-10 worker-1 FAILED", "c 0-10 worker-0 DONE");
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void orderingOnlyDevicesAreSyncEntriesToo() {
        ShutdownGraph g = TestGraph.named("hub").sync("root", 10).noWork("hub").parent("root").async("n", 50)
                .parent("hub").build();
        // n: cookie 1 (0-50); hub (sync): shutdown_after 1, cookie 2; root: shutdown_after 2, cookie 3.
        RunResult r = run(g, 4);
        assertThat(lines(r)).containsExactly("root 50-60 worker-2 DONE", "hub 50-50 worker-1 DONE",
                "n 0-50 worker-0 DONE");
    }

    /**
     * Issue 7: v8 as merged (8064952c6504) set shutdown_after on every supplier, sync-state-only links included. Such a
     * link does not reorder the list, so its supplier may stand after its consumer (fw_devlink makes them to suppliers
     * that probe later): the consumer's later cookie lands in the supplier, which then waits for itself. The snapshot
     * used to drop those links for every strategy, so the hang could not be reproduced.
     */
    @Test
    void waitsOnSyncStateOnlyLinksAsMergedAndHangsOnALaterSupplier() {
        ShutdownGraph snapshot = TestGraph.named("mailbox").sync("dsp", 10).syncStateOnly("mbox").sync("mbox", 5).build();
        ShutdownGraph v8 = GraphSnapshot.view(snapshot, new CookieChainStrategy(), AsyncPolicy.AS_KERNEL);
        assertThat(v8.node(1).consumers()).containsExactly(0);

        RunResult r = run(v8, 4);

        assertThat(r.deadlock()).isTrue();
        assertThat(r.waitCycle()).contains(path("mbox"));
        // The links that order a shutdown in Linux leave the two devices unrelated: serial has nothing to break.
        ShutdownGraph linux = GraphSnapshot.view(snapshot, new SerialStrategy(), AsyncPolicy.AS_KERNEL);
        assertThat(linux.node(1).consumers()).isEmpty();
        assertThat(ShutdownEngine.runVirtual(linux, new SerialStrategy(), EngineOptions.of(1)).deadlock()).isFalse();
    }
}
