package org.drivercore.shutdown.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.drivercore.api.ShutdownMode;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.junit.jupiter.api.Test;

class RunsTest {

    private static final Runs.Clocking VIRTUAL = new Runs.Clocking(Clock.VIRTUAL, 1, Optional.of(Duration.ofSeconds(600)),
            Duration.ofSeconds(15), ShutdownMode.POWEROFF);

    @Test
    void compareMeasuresEveryStrategyAgainstTheDagBound() {
        ShutdownGraph g = Graphs.small();

        List<RunReport> runs = Runs.compare(g, List.of(new Runs.Choice(Graphs.serial(), 256), new Runs.Choice(Graphs.dag(), 2),
                new Runs.Choice(Graphs.forward(), 256)), VIRTUAL);

        // LB: nvme0 waits for bmc (2 ms) then 100 ms; the root waits for both NVMe: 103 ms
        assertThat(runs).extracting(RunReport::lowerBoundNanos).containsOnly(Duration.ofMillis(103).toNanos());
        RunReport serial = runs.get(0);
        RunReport dag = runs.get(1);
        RunReport forward = runs.get(2);
        assertThat(dag.ratio()).isEqualTo(1.0);
        assertThat(dag.violations()).isEmpty();
        assertThat(serial.makespanMs()).isEqualTo(153.0);
        assertThat(serial.violations()).isEmpty();
        assertThat(serial.ratio()).isEqualTo(Math.round(153.0 / 103 * 10_000) / 10_000.0);
        assertThat(forward.violations()).isNotEmpty();

        Map<String, Object> json = dag.toJson();
        assertThat(json).containsEntry("name", "dag").containsEntry("ratioToLowerBound", 1.0)
                .containsEntry("orderingViolations", 0).containsEntry("deadlock", false);
        assertThat(json.get("outcomes")).isEqualTo(Map.of("done", 4, "failed", 0, "timedOut", 0, "skipped", 0));
        assertThat((List<?>) forward.toJson().get("violations")).isNotEmpty().hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void withoutDagTheBoundTakesTheLongestDurationOfAnyRun() {
        ShutdownGraph g = Graphs.small();

        List<RunReport> runs = Runs.compare(g, List.of(new Runs.Choice(Graphs.serial(), 1)), VIRTUAL);

        assertThat(runs.get(0).lowerBoundNanos()).isEqualTo(Duration.ofMillis(103).toNanos());
    }

    /** A strategy that waits for what never comes: on the real clock only the system deadline ends the run. */
    @Test
    void theSystemDeadlineEndsADeadlockedRealClockRun() {
        org.drivercore.api.shutdown.ShutdownStrategy stuck = new org.drivercore.api.shutdown.ShutdownStrategy() {
            @Override
            public String name() {
                return "stuck";
            }

            @Override
            public String description() {
                return "waits for a condition that never holds";
            }

            @Override
            public void plan(ShutdownGraph graph, org.drivercore.api.shutdown.ShutdownExecutor executor) {
                executor.pool(org.drivercore.api.shutdown.Program.forNode(graph.node(0))
                        .await(executor.condition("never", () -> false, List::of),
                                org.drivercore.api.shutdown.Program.Hold.HOLD)
                        .run(graph.node(0), org.drivercore.api.shutdown.Program.Hold.HOLD).build());
            }
        };
        Runs.Clocking real = new Runs.Clocking(Clock.REAL, 0.01, Optional.of(Duration.ofSeconds(2)), Duration.ofSeconds(1),
                ShutdownMode.POWEROFF);

        long t0 = System.nanoTime();
        RunReport r = Runs.compare(Graphs.small(), List.of(new Runs.Choice(stuck, 2)), real).get(0);

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(r.run().deadlineHit()).isTrue();
        assertThat(r.run().deadlock()).isTrue();
        assertThat(r.toJson()).containsEntry("deadlock", true);
        assertThat(r.outcomes().get("done")).isZero();
    }

    @Test
    void aVirtualRunIgnoresTheDeadline() {
        Runs.Clocking clocking = new Runs.Clocking(Clock.VIRTUAL, 1, Optional.of(Duration.ofMillis(10)), Duration.ofSeconds(15),
                ShutdownMode.POWEROFF);

        assertThat(clocking.options(2).deadline()).isEmpty();
        assertThat(new Runs.Clocking(Clock.REAL, 0.01, Optional.of(Duration.ofMillis(10)), Duration.ofSeconds(15),
                ShutdownMode.POWEROFF).options(2).deadline()).contains(Duration.ofMillis(10));
    }

    @Test
    void aRealClockRunIsScaled() {
        Runs.Clocking real = new Runs.Clocking(Clock.REAL, 0.01, Optional.of(Duration.ofSeconds(600)), Duration.ofSeconds(15),
                ShutdownMode.POWEROFF);

        RunReport r = Runs.compare(Graphs.small(), List.of(new Runs.Choice(Graphs.dag(), 2)), real).get(0);

        assertThat(r.run().makespanNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(103).toNanos());
        assertThat(r.violations()).isEmpty();
    }
}
