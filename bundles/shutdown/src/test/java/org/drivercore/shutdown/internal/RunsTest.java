package org.drivercore.shutdown.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.drivercore.api.ShutdownMode;
import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.junit.jupiter.api.Test;

class RunsTest {

    private static final Runs.Clocking VIRTUAL = new Runs.Clocking(Clock.VIRTUAL, 1, Optional.of(Duration.ofSeconds(600)),
            Duration.ofSeconds(15), ShutdownMode.POWEROFF);

    @Test
    void compareMeasuresEveryStrategyAgainstTheCriticalPathOfItsOwnFlags() {
        ShutdownGraph g = Graphs.small();

        List<RunReport> runs = Runs.compare(g, List.of(new Runs.Choice(Graphs.serial(), 256), new Runs.Choice(Graphs.dag(), 2),
                new Runs.Choice(Graphs.forward(), 256)), AsyncPolicy.AS_KERNEL, VIRTUAL).reports();

        RunReport serial = runs.get(0);
        RunReport dag = runs.get(1);
        RunReport forward = runs.get(2);
        // With the NVMe functions async: nvme0 waits for bmc (2 ms) then 100 ms; the root waits for both: 103 ms.
        assertThat(dag.criticalPathNanos()).isEqualTo(Duration.ofMillis(103).toNanos());
        assertThat(dag.ratio()).isEqualTo(1.0);
        assertThat(dag.violations()).isEmpty();
        // Mainline flags nothing: its critical path is every device one after the other, which it reaches.
        assertThat(serial.criticalPathNanos()).isEqualTo(Duration.ofMillis(153).toNanos());
        assertThat(serial.makespanMs()).isEqualTo(153.0);
        assertThat(serial.ratio()).isEqualTo(1.0);
        assertThat(serial.violations()).isEmpty();
        // Every device async: the root and the platform device no longer wait for each other: 100 + 2 ms.
        assertThat(runs).extracting(RunReport::allAsyncNanos).containsOnly(Duration.ofMillis(102).toNanos());
        assertThat(forward.violations()).isNotEmpty();

        Map<String, Object> json = dag.toJson();
        assertThat(json).containsEntry("name", "dag").containsEntry("ratioToCriticalPath", 1.0)
                .containsEntry("ratioToLowerBound", 1.0).containsEntry("criticalPathMs", 103.0)
                .containsEntry("allAsyncCriticalPathMs", 102.0).containsEntry("orderingViolations", 0)
                .containsEntry("deadlock", false);
        assertThat(json.get("outcomes")).isEqualTo(Map.of("done", 4, "failed", 0, "timedOut", 0, "skipped", 0));
        assertThat((List<?>) forward.toJson().get("violations")).hasSize(forward.violations().size());
    }

    @Test
    void withoutDagTheDurationsAreTheLongestOfAnyCompleteRun() {
        ShutdownGraph g = Graphs.small();

        RunReport serial = Runs.compare(g, List.of(new Runs.Choice(Graphs.serial(), 1)), AsyncPolicy.OPT_IN, VIRTUAL)
                .reports().get(0);

        // Under opt-in serial runs with the NVMe functions' flags, which it does not use: 153 ms against 103.
        assertThat(serial.criticalPathNanos()).isEqualTo(Duration.ofMillis(103).toNanos());
        assertThat(serial.ratio()).isEqualTo(Math.round(153.0 / 103 * 10_000) / 10_000.0);
    }

    /** Issue 7: a deadlocked run was measured against a bound of 0 and a ratio of 1.000. */
    @Test
    void aDeadlockedRunIsMeasuredAgainstTheBoundOfItsGraph() {
        RunReport r = Runs.compare(Graphs.small(), List.of(new Runs.Choice(Graphs.stuck(), 2)), AsyncPolicy.AS_KERNEL, VIRTUAL)
                .reports().get(0);

        assertThat(Runs.complete(r.run())).isFalse();
        assertThat(r.outcomes().get("skipped")).isEqualTo(4);
        assertThat(r.criticalPathNanos()).isEqualTo(Duration.ofMillis(103).toNanos());
        assertThat(r.ratio()).as("a stuck run's makespan is not a shutdown time").isNull();
        assertThat(r.toJson()).containsEntry("criticalPathMs", 103.0);
    }

    /** A strategy that waits for what never comes: on the real clock only the system deadline ends the run. */
    @Test
    void theSystemDeadlineEndsADeadlockedRealClockRun() {
        Runs.Clocking real = new Runs.Clocking(Clock.REAL, 0.01, Optional.of(Duration.ofSeconds(2)), Duration.ofSeconds(1),
                ShutdownMode.POWEROFF);

        long t0 = System.nanoTime();
        RunReport r = Runs.compare(Graphs.small(), List.of(new Runs.Choice(Graphs.stuck(), 2)), AsyncPolicy.AS_KERNEL, real)
                .reports().get(0);

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

        RunReport r = Runs.compare(Graphs.small(), List.of(new Runs.Choice(Graphs.dag(), 2)), AsyncPolicy.AS_KERNEL, real)
                .reports().get(0);

        assertThat(r.run().makespanNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(103).toNanos());
        assertThat(r.violations()).isEmpty();
    }
}
