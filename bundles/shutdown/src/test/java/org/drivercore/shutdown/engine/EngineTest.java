package org.drivercore.shutdown.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.drivercore.shutdown.engine.TestGraph.path;
import static org.drivercore.shutdown.engine.Trace.lines;
import static org.drivercore.shutdown.engine.Trace.millis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.drivercore.api.ShutdownMode;
import org.drivercore.api.shutdown.Program;
import org.drivercore.api.shutdown.Program.Hold;
import org.drivercore.api.shutdown.ShutdownExecutor;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownStrategy;
import org.drivercore.shutdown.strategy.CompletionsStrategy;
import org.drivercore.shutdown.strategy.CookieChainStrategy;
import org.drivercore.shutdown.strategy.DagStrategy;
import org.drivercore.shutdown.strategy.SerialStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine itself: options, the barrier, the deadline, the hang tracker, and the real clock. */
class EngineTest {

    private static ShutdownGraph chain(long... ms) {
        TestGraph g = TestGraph.named("chain");
        for (int i = 0; i < ms.length; i++) {
            g.sync("n" + i, ms[i]);
            if (i > 0) {
                g.parent("n" + (i - 1));
            }
        }
        return g.build();
    }

    // ------------------------------------------------------------------ options

    @Test
    void optionsNeedAWorker() {
        assertThatThrownBy(() -> EngineOptions.of(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the worker pool needs 1 to 65536 workers, got 0");
        assertThatThrownBy(() -> EngineOptions.of(65_537)).hasMessageContaining("got 65537");
        assertThatThrownBy(() -> EngineOptions.of(-3)).hasMessageContaining("got -3");
    }

    @Test
    void optionsNeedAPositiveHangPeriod() {
        assertThatThrownBy(() -> new EngineOptions(1, Optional.empty(), Duration.ZERO, ShutdownMode.POWEROFF))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the hang period must be positive, got PT0S");
        assertThatThrownBy(() -> new EngineOptions(1, Optional.empty(), Duration.ofSeconds(-1), ShutdownMode.POWEROFF))
                .hasMessageContaining("must be positive");
    }

    @Test
    void optionsNeedAPositiveDeadline() {
        assertThatThrownBy(() -> EngineOptions.of(1).withDeadline(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the system deadline must be positive, got PT0S");
        assertThatThrownBy(() -> EngineOptions.of(1).withDeadline(Duration.ofMillis(-5)))
                .hasMessageContaining("the system deadline must be positive");
    }

    @Test
    void optionsRefuseNulls() {
        assertThatThrownBy(() -> new EngineOptions(1, null, Duration.ofSeconds(1), ShutdownMode.POWEROFF))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("deadline");
        assertThatThrownBy(() -> new EngineOptions(1, Optional.empty(), null, ShutdownMode.POWEROFF))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("hangPeriod");
        assertThatThrownBy(() -> EngineOptions.of(1).withMode(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("mode");
    }

    @Test
    void optionsDefaults() {
        EngineOptions o = EngineOptions.of(3).withMode(ShutdownMode.REBOOT).withDeadline(Duration.ofSeconds(30));
        assertThat(o.poolSize()).isEqualTo(3);
        assertThat(o.hangPeriod()).isEqualTo(Duration.ofSeconds(15));
        assertThat(o.deadline()).contains(Duration.ofSeconds(30));
        assertThat(o.mode()).isEqualTo(ShutdownMode.REBOOT);
    }

    @Test
    void theModeReachesTheDrivers() {
        List<ShutdownMode> seen = new ArrayList<>();
        ShutdownGraph g = new ShutdownGraph("mode", List.of(org.drivercore.api.shutdown.ShutdownNode.builder(0, "/devices/x")
                .driver("t").callback(ctx -> {
                    seen.add(ctx.mode());
                    return null;
                })));
        ShutdownEngine.runVirtual(g, new SerialStrategy(), EngineOptions.of(1).withMode(ShutdownMode.HALT));
        assertThat(seen).containsExactly(ShutdownMode.HALT);
    }

    // ------------------------------------------------------------------ the run and its barrier

    @Test
    void anEnvironmentServesOneRun() {
        VirtualEnvironment env = new VirtualEnvironment();
        ShutdownGraph g = chain(10);
        ShutdownEngine.run(g, new SerialStrategy(), env, EngineOptions.of(1));
        assertThatThrownBy(() -> ShutdownEngine.run(g, new SerialStrategy(), env, EngineOptions.of(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("an environment serves one run");
    }

    @Test
    void nodesNoProgramRunsAreSkippedAndTheBarrierReleases() {
        ShutdownStrategy lazy = new ShutdownStrategy() {
            @Override
            public String name() {
                return "lazy";
            }

            @Override
            public String description() {
                return "runs only the last device";
            }

            @Override
            public void plan(ShutdownGraph graph, ShutdownExecutor executor) {
                executor.main(Program.named("one").run(graph.node(graph.size() - 1), Hold.HOLD).build());
            }
        };
        RunResult r = ShutdownEngine.runVirtual(chain(10, 20), lazy, EngineOptions.of(1));
        assertThat(lines(r)).containsExactly("n0 --20 - SKIPPED", "n1 0-20 main DONE");
        assertThat(r.record(0).detail()).isEqualTo("no program of strategy 'lazy' ran it");
        assertThat(r.deadlock()).isFalse();
    }

    @Test
    void theBarrierWaitsForDetachedWork() {
        ShutdownStrategy detach = new ShutdownStrategy() {
            @Override
            public String name() {
                return "detach";
            }

            @Override
            public String description() {
                return "starts everything and returns";
            }

            @Override
            public void plan(ShutdownGraph graph, ShutdownExecutor executor) {
                Program.Builder b = Program.named("start all");
                graph.nodes().forEach(b::start);
                executor.main(b.build());
            }
        };
        RunResult r = ShutdownEngine.runVirtual(chain(10, 30), detach, EngineOptions.of(1));
        assertThat(r.makespanNanos()).isEqualTo(millis(30));
        assertThat(OrderingChecker.check(chain(10, 30), r)).hasSize(1);
    }

    // ------------------------------------------------------------------ deadline

    @Test
    void theDeadlineTimesOutWhatRunsAndSkipsWhatWaits() {
        ShutdownGraph g = chain(10_000, 10_000, 10_000);
        RunResult r = ShutdownEngine.runVirtual(g, new SerialStrategy(), EngineOptions.of(1).withDeadline(Duration.ofSeconds(15)));
        assertThat(r.deadlineHit()).isTrue();
        assertThat(r.deadlock()).isTrue();
        assertThat(r.waitCycle()).isEmpty();
        assertThat(r.makespanNanos()).isEqualTo(Duration.ofSeconds(15).toNanos());
        assertThat(lines(r)).containsExactly("n0 --15000 - SKIPPED", "n1 10000-15000 main TIMED_OUT",
                "n2 0-10000 main DONE");
        assertThat(r.record(1).detail()).isEqualTo("unfinished at the system deadline");
        assertThat(r.hangReports()).singleElement().asString()
                .startsWith("the system deadline of PT15S is reached (at 15.000 s); 2 of 3 unfinished:")
                .contains(path("n1") + ": running on main since 10.000 s")
                .contains(path("n0") + ": not started yet");
        assertThat(OrderingChecker.check(g, r)).isEmpty();
    }

    @Test
    void theDeadlineTellsTheDriversWhatIsLeft() {
        List<Duration> remaining = new ArrayList<>();
        ShutdownGraph g = new ShutdownGraph("remaining", List.of(
                org.drivercore.api.shutdown.ShutdownNode.builder(0, "/devices/a").driver("t").callback(
                        ctx -> ctx.sleep(Duration.ofSeconds(2)).thenRun(() -> remaining.add(ctx.remaining().orElseThrow())))));
        ShutdownEngine.runVirtual(g, new SerialStrategy(), EngineOptions.of(1).withDeadline(Duration.ofSeconds(5)));
        assertThat(remaining).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void pollUntilGivesUpAfterItsTimeout() {
        List<Boolean> polled = new ArrayList<>();
        ShutdownGraph g = new ShutdownGraph("poll", List.of(org.drivercore.api.shutdown.ShutdownNode.builder(0, "/devices/nvme0")
                .async(org.drivercore.api.shutdown.AsyncSource.DRIVER).driver("nvme").callback(ctx -> ctx.pollUntil(
                        () -> false, Duration.ofMillis(2), Duration.ofSeconds(5)).thenAccept(polled::add))));
        RunResult r = ShutdownEngine.runVirtual(g, new DagStrategy(), EngineOptions.of(1));
        assertThat(polled).containsExactly(false);
        assertThat(r.makespanNanos()).isEqualTo(Duration.ofSeconds(5).toNanos());
    }

    // ------------------------------------------------------------------ hang tracker

    @Test
    void hangTrackerReportsWhenNothingFinishedForAPeriodAndNamesTheCycle() {
        // The A64 case under v8: mmc0 (cookie 1) waits for cookies up to 2, mmcblk0 (cookie 2) for cookie 1.
        ShutdownGraph g = TestGraph.named("a64").sync("mmcblk0", 10).parent("mmc0").sync("mmc0", 20).build();
        RunResult r = ShutdownEngine.runVirtual(g, new CookieChainStrategy(),
                new EngineOptions(4, Optional.of(Duration.ofSeconds(20)), Duration.ofSeconds(5), ShutdownMode.POWEROFF));
        // Ticks at 5, 10 and 15 s, then the deadline's report at 20 s.
        assertThat(r.hangReports()).hasSize(4);
        assertThat(r.hangReports().get(0)).isEqualTo(String.join("\n",
                "no device finished shutting down for PT5S (at 5.000 s); 2 of 2 unfinished:",
                "  /devices/mmcblk0: waiting on worker-1 for async_synchronize_cookie_domain(2) with its own cookie 2 [/devices/mmc0]",
                "  /devices/mmc0: waiting on worker-0 for async_synchronize_cookie_domain(3) with its own cookie 1 "
                        + "[/devices/mmcblk0, /devices/mmc0]",
                "  wait-for cycle: /devices/mmcblk0 -> /devices/mmc0 -> /devices/mmcblk0"));
        assertThat(r.hangReports().get(3)).startsWith("the system deadline of PT20S is reached (at 20.000 s); 2 of 2 unfinished:");
        assertThat(r.waitCycle()).containsExactly(path("mmcblk0"), path("mmc0"), path("mmcblk0"));
        assertThat(r.deadlineHit()).isTrue();
    }

    @Test
    void hangTrackerStaysQuietWhileDevicesFinish() {
        // Devices end at 20, 40 and 55 s: the tick at 15 s sees nothing finished yet, the ticks at 30 and 45 s
        // each see progress, and the run is over before the next.
        ShutdownGraph g = chain(15_000, 20_000, 20_000);
        RunResult r = ShutdownEngine.runVirtual(g, new SerialStrategy(), EngineOptions.of(1));
        assertThat(r.hangReports()).singleElement().asString()
                .startsWith("no device finished shutting down for PT15S (at 15.000 s); 3 of 3 unfinished:")
                .contains(path("n2") + ": running on main since 0.000 s");
        assertThat(r.waitCycle()).isEmpty();
        assertThat(r.deadlock()).isFalse();
        assertThat(r.makespanNanos()).isEqualTo(millis(55_000));
    }

    @Test
    void hangTrackerListsAtMostFiftyDevices() {
        // Sixty consumers listed before their supplier: under v8 the supplier waits for itself and all of them.
        TestGraph t = TestGraph.named("many");
        for (int i = 0; i < 60; i++) {
            t.sync("c" + i, 1).suppliers("s");
        }
        ShutdownGraph g = t.sync("s", 1).build();
        RunResult r = ShutdownEngine.runVirtual(g, new CookieChainStrategy(), EngineOptions.of(4));
        String report = r.hangReports().get(0);
        assertThat(report).contains("61 of 61 unfinished").contains("\n  ... and 11 more")
                .contains("queued for a free worker (all 4 taken)");
        assertThat(report.lines().filter(l -> l.startsWith("  /devices/"))).hasSize(50);
        assertThat(r.deadlock()).isTrue();
    }

    @Test
    void aHangWithoutDeadlineEndsTheVirtualRunAtOnce() {
        ShutdownGraph g = TestGraph.named("walk hang").sync("s", 10).parent("a").sync("p", 10).async("a", 10).parent("p")
                .build();
        RunResult r = ShutdownEngine.runVirtual(g, new CompletionsStrategy(), EngineOptions.of(2));
        assertThat(r.makespanNanos()).isZero();
        assertThat(r.deadlineHit()).isFalse();
        assertThat(r.deadlock()).isTrue();
        assertThat(r.outcomes()).containsEntry(Outcome.SKIPPED, 3);
        assertThat(r.hangReports()).singleElement().asString()
                .startsWith("no device can finish any more (at 0.000 s); 3 of 3 unfinished:");
        assertThat(r.record(0).detail()).isEqualTo("the run could not go on: wait-for cycle /devices/s -> /devices/p -> "
                + "/devices/a -> /devices/s");
    }

    // ------------------------------------------------------------------ real clock

    private static ShutdownGraph tiny() {
        return TestGraph.named("tiny").sync("bus", 5)
                .async("n1", 40).parent("bus")
                .async("n2", 30).parent("bus")
                .sync("d", 10).parent("bus").suppliers("n2")
                .build();
    }

    @Test
    @Timeout(30)
    void realClockRunsSerialInOrder() {
        ShutdownGraph g = tiny();
        RunResult r = ShutdownEngine.run(g, new SerialStrategy(), new RealEnvironment(0.01, 2), EngineOptions.of(1));
        assertThat(r.outcomes()).containsEntry(Outcome.DONE, 4);
        assertThat(OrderingChecker.check(g, r)).isEmpty();
        // Serial: the reverse list order, one after another on main.
        for (int i = g.size() - 1; i > 0; i--) {
            assertThat(r.record(i).end()).isLessThanOrEqualTo(r.record(i - 1).start());
            assertThat(r.record(i).thread()).isEqualTo("main");
        }
    }

    @Test
    @Timeout(30)
    void realClockRunsDagAndCompletionsInOrder() {
        ShutdownGraph g = tiny();
        for (ShutdownStrategy s : List.of(new DagStrategy(), new CompletionsStrategy())) {
            for (int pool : new int[] {1, 3}) {
                RunResult r = ShutdownEngine.run(g, s, new RealEnvironment(0.01, pool + 1), EngineOptions.of(pool));
                assertThat(r.outcomes()).as(s.name() + " pool " + pool).containsEntry(Outcome.DONE, 4);
                assertThat(OrderingChecker.check(g, r)).as(s.name() + " pool " + pool).isEmpty();
                assertThat(r.makespanNanos()).isPositive();
                assertThat(r.peakThreads()).isLessThanOrEqualTo(pool + 1);
            }
        }
    }

    @Test
    @Timeout(30)
    void realClockDeadlineEndsADeadlock() {
        ShutdownGraph g = TestGraph.named("a64").sync("mmcblk0", 10).parent("mmc0").sync("mmc0", 20).build();
        // 200 ms of real time before the deadline: under load, every program must have reached its wait by then.
        RunResult r = ShutdownEngine.run(g, new CookieChainStrategy(), new RealEnvironment(0.01, 3),
                new EngineOptions(2, Optional.of(Duration.ofSeconds(20)), Duration.ofSeconds(5), ShutdownMode.POWEROFF));
        assertThat(r.deadlineHit()).isTrue();
        assertThat(r.outcomes()).containsEntry(Outcome.SKIPPED, 2);
        assertThat(r.waitCycle()).containsExactly(path("mmcblk0"), path("mmc0"), path("mmcblk0"));
    }

    @Test
    void realClockRefusesABadScale() {
        assertThatThrownBy(() -> new RealEnvironment(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the time scale must be above 0 and at most 1000, got 0.0");
        assertThatThrownBy(() -> new RealEnvironment(1001, 1)).hasMessageContaining("at most 1000");
    }

    @Test
    void realClockStartsAtZeroOnItsFirstReading() {
        RealEnvironment env = new RealEnvironment(0.01, 1);
        try {
            assertThat(env.now()).isZero();
            assertThat(env.now()).isNotNegative();
        } finally {
            env.close();
        }
    }
}
