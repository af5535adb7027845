package org.drivercore.shutdown.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.drivercore.api.shutdown.AsyncSource;
import org.drivercore.api.shutdown.ShutdownExecutor;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.api.shutdown.ShutdownStrategy;
import org.drivercore.shutdown.strategy.DagStrategy;
import org.junit.jupiter.api.Test;

/**
 * What the engine's own work may not cost the devices: an ordering-only node takes no thread and no stack, a device's
 * duration is its work's and not the engine's hand-offs, and the plan is made before the clock starts.
 */
class EngineCostTest {

    /** A chain: node i is the parent of node i + 1, every node without work (or with {@code ms} of async work). */
    private static ShutdownGraph chain(int n, long ms) {
        List<ShutdownNode.Builder> nodes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // Short paths: the graph takes its edges from the indexes, and a real chain's paths would be quadratic.
            ShutdownNode.Builder b = ShutdownNode.builder(i, "/devices/n" + i).parent(i == 0 ? null : i - 1);
            if (ms > 0) {
                Duration d = Duration.ofMillis(ms);
                b.async(AsyncSource.SUBSYSTEM).asyncFlags(java.util.Set.of(AsyncSource.SUBSYSTEM)).callback(ctx -> ctx.sleep(d));
            }
            nodes.add(b);
        }
        return new ShutdownGraph("chain", nodes);
    }

    @Test
    void aLongChainOfOrderingOnlyNodesTakesNoThreadAndNoStack() {
        RunResult r = ShutdownEngine.runVirtual(chain(100_000, 0), new DagStrategy(), EngineOptions.of(2));

        assertThat(r.outcomes().get(Outcome.DONE)).isEqualTo(100_000);
        assertThat(r.peakThreads()).isZero();
        assertThat(r.makespanNanos()).isZero();
        assertThat(r.record(99_999).thread()).isNull();
    }

    @Test
    void aDeviceIsNotChargedForTheEnginesHandOffs() {
        ShutdownGraph g = chain(200, 10);
        RunResult calm = ShutdownEngine.run(g, new DagStrategy(), new VirtualEnvironment(), EngineOptions.of(2));
        // Fuchsia's random delays: every hand-off may wait 0-5 ms; the devices' work does not change.
        RunResult jittered = ShutdownEngine.run(g, new DagStrategy(), new VirtualEnvironment(20261201L), EngineOptions.of(2));

        assertThat(calm.overhead().handOffNanos()).isZero();
        assertThat(calm.makespanNanos()).isEqualTo(200 * 10_000_000L);
        assertThat(jittered.overhead().handOffNanos()).isPositive();
        assertThat(jittered.records()).allSatisfy(rec -> assertThat(rec.durationNanos()).isEqualTo(10_000_000L));
        assertThat(jittered.makespanNanos()).isGreaterThan(calm.makespanNanos());
        assertThat(OrderingChecker.check(g, jittered)).isEmpty();
    }

    @Test
    void thePlanIsMadeBeforeTheClockStarts() {
        ShutdownStrategy slowPlanner = new ShutdownStrategy() {
            @Override
            public String name() {
                return "slow-planner";
            }

            @Override
            public String description() {
                return "dag, after 300 ms of planning";
            }

            @Override
            public void plan(ShutdownGraph graph, ShutdownExecutor executor) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                new DagStrategy().plan(graph, executor);
            }
        };
        RunResult r = ShutdownEngine.run(chain(3, 1), slowPlanner, new RealEnvironment(1, 3), EngineOptions.of(2));

        assertThat(r.overhead().planNanos()).isGreaterThanOrEqualTo(300_000_000L);
        // The deepest node starts first; the plan's 300 ms are not before it.
        assertThat(r.record(2).start()).isLessThan(r.overhead().planNanos());
    }
}
