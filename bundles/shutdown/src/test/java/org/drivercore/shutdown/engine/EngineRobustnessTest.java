package org.drivercore.shutdown.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.drivercore.api.ShutdownMode;
import org.drivercore.api.shutdown.Program;
import org.drivercore.api.shutdown.Program.Hold;
import org.drivercore.api.shutdown.ShutdownExecutor;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.api.shutdown.ShutdownStrategy;
import org.drivercore.shutdown.strategy.SerialStrategy;
import org.junit.jupiter.api.Test;

/** What a misbehaving driver or strategy must not do to the engine. */
class EngineRobustnessTest {

    /** A strategy given as a lambda over the graph. */
    record Plan(String name, java.util.function.BiConsumer<ShutdownGraph, ShutdownExecutor> plan) implements ShutdownStrategy {
        @Override
        public String description() {
            return name;
        }

        @Override
        public void plan(ShutdownGraph graph, ShutdownExecutor executor) {
            plan.accept(graph, executor);
        }
    }

    @Test
    void aDriverThatBlocksItsThreadDoesNotStopTheDeadline() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        ShutdownGraph g = TestGraph.named("blocking")
                .custom("stuck", false, ctx -> {
                    try {
                        never.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return CompletableFuture.completedFuture(null);
                })
                .sync("other", 1)
                .build();
        try {
            RunResult r = ShutdownEngine.run(g, new SerialStrategy(), new RealEnvironment(1.0, 4),
                    EngineOptions.of(2).withDeadline(Duration.ofMillis(200)));

            assertThat(r.deadlineHit()).isTrue();
            assertThat(r.record(0).outcome()).isEqualTo(Outcome.TIMED_OUT);
            // serial walks from the tail: "other" ran before the stuck one
            assertThat(r.record(1).outcome()).isEqualTo(Outcome.DONE);
        } finally {
            never.countDown();
        }
    }

    @Test
    void aRealClockRunThatCanNoLongerChangeEndsWithoutADeadline() {
        ShutdownGraph g = TestGraph.named("self-wait").sync("a", 1).build();
        ShutdownNode a = g.node(0);
        ShutdownStrategy waitsForItself = new Plan("self-wait", (graph, ex) -> ex.pool(Program.forNode(a)
                .await(ex.allFinished(List.of(a), "its own completion"), Hold.HOLD).run(a, Hold.HOLD).build()));

        RunResult r = ShutdownEngine.run(g, waitsForItself, new RealEnvironment(1.0, 2),
                new EngineOptions(1, Optional.empty(), Duration.ofMillis(50), ShutdownMode.POWEROFF));

        assertThat(r.deadlineHit()).isFalse();
        assertThat(r.record(0).outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(r.waitCycle()).containsExactly("/devices/a", "/devices/a");
        assertThat(r.hangReports()).last().asString().startsWith("no device can finish any more");
    }

    @Test
    void aProgramQueuedBehindABusyWorkerIsNotADeadlock() {
        // Pool of 2: a waits (holding its worker) for c; b runs a long callback; c waits for a free worker.
        // Nothing finishes for longer than the hang period, but b's end frees a worker: no cycle.
        ShutdownGraph g = TestGraph.named("busy").sync("a", 1).sync("b", 40_000).sync("c", 1).build();
        ShutdownNode a = g.node(0);
        ShutdownNode b = g.node(1);
        ShutdownNode c = g.node(2);
        ShutdownStrategy plan = new Plan("busy", (graph, ex) -> {
            ex.pool(Program.forNode(a).await(ex.allFinished(List.of(c), "c"), Hold.HOLD).run(a, Hold.HOLD).build());
            ex.pool(Program.forNode(b).run(b, Hold.HOLD).build());
            ex.pool(Program.forNode(c).run(c, Hold.HOLD).build());
        });

        RunResult r = ShutdownEngine.runVirtual(g, plan, EngineOptions.of(2));

        assertThat(r.hangReports()).isNotEmpty();
        assertThat(r.waitCycle()).isEmpty();
        assertThat(r.deadlock()).isFalse();
        assertThat(r.outcomes().get(Outcome.DONE)).isEqualTo(3);
        assertThat(r.makespanNanos()).isEqualTo(Duration.ofMillis(40_002).toNanos());
    }

    /**
     * A driver still in an emulated wait when the run ends (here the deadline) gets that wait ended, exceptionally:
     * its work completes, so the registry gives its device lock back, and nothing after the wait runs.
     */
    @Test
    void aWaitStillOpenWhenTheRunEndsIsEndedAndRunsNothingAfter() {
        for (boolean virtual : new boolean[] { true, false }) {
            List<CompletableFuture<Void>> works = new java.util.ArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean after = new java.util.concurrent.atomic.AtomicBoolean();
            ShutdownGraph g = TestGraph.named("long wait")
                    .custom("slow", false, ctx -> {
                        CompletableFuture<Void> work = ctx.sleep(Duration.ofSeconds(60))
                                .thenRun(() -> after.set(true)).toCompletableFuture();
                        works.add(work);
                        return work;
                    })
                    .build();
            EngineOptions options = EngineOptions.of(1).withDeadline(Duration.ofMillis(100));
            RunResult r = virtual ? ShutdownEngine.runVirtual(g, new SerialStrategy(), options)
                    : ShutdownEngine.run(g, new SerialStrategy(), new RealEnvironment(1.0, 2), options);

            assertThat(r.deadlineHit()).as("virtual " + virtual).isTrue();
            assertThat(works).hasSize(1);
            assertThat(works.get(0)).as("virtual " + virtual).isCompletedExceptionally();
            assertThat(after).as("virtual " + virtual).isFalse();
        }
    }
}
