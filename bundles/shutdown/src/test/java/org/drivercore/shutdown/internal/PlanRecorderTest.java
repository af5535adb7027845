package org.drivercore.shutdown.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.drivercore.api.ShutdownMode;
import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.shutdown.engine.CriticalPath;
import org.drivercore.shutdown.engine.RunResult;
import org.junit.jupiter.api.Test;

class PlanRecorderTest {

    @Test
    void recordsTheLaneAndTheWaitsOfEveryDevice() {
        ShutdownGraph g = Graphs.small();
        Runs.StrategyRun strategyRun = Runs.run(g, new Runs.Choice(Graphs.dag(), 2), AsyncPolicy.AS_KERNEL,
                new Runs.Clocking(Clock.VIRTUAL, 1, Optional.empty(), Duration.ofSeconds(15), ShutdownMode.POWEROFF));
        PlanRecorder recorder = strategyRun.recorder();
        RunResult run = strategyRun.result();

        assertThat(run.makespanNanos()).isEqualTo(Duration.ofMillis(103).toNanos());
        PlanRecorder.Step root = recorder.step(0);
        assertThat(root.lane()).isEqualTo("pool");
        assertThat(root.waits()).singleElement().satisfies(w -> assertThat(w.waitingOn())
                .containsExactly("/devices/pci0/nvme1", "/devices/pci0/nvme0", "/devices/platform/bmc"));
        assertThat(recorder.step(3).waits()).singleElement().satisfies(w -> assertThat(w.waitingOn()).isEmpty());
        assertThat(recorder.programs()).hasSize(4).allMatch(p -> p.startsWith("pool: "));

        RunReport report = RunReport.of(strategyRun, CriticalPath.durations(run));
        assertThat(report.criticalPathNanos()).isEqualTo(run.makespanNanos());
        String text = PlanReport.render("small", strategyRun.ordering(), report, recorder, "as-kernel");
        assertThat(text).contains("plan of strategy dag").contains("/devices/platform/bmc")
                .contains("children and consumers of #0 pci0 and the previous sync device #1 bmc: 3 unfinished nvme1, nvme0, bmc");
        // start order: the NVMe functions at 0, then the platform device, the root last
        assertThat(text.indexOf(" 3  /devices/pci0/nvme0")).isPositive().isLessThan(text.indexOf(" 1  /devices/platform/bmc"));
        assertThat(text.indexOf(" 1  /devices/platform/bmc")).isLessThan(text.indexOf(" 0  /devices/pci0 "));
    }
}
