package org.drivercore.shutdown.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.drivercore.api.ShutdownMode;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.shutdown.engine.LowerBound;
import org.drivercore.shutdown.engine.RunResult;
import org.junit.jupiter.api.Test;

class PlanRecorderTest {

    @Test
    void recordsTheLaneAndTheWaitsOfEveryDevice() {
        ShutdownGraph g = Graphs.small();
        PlanRecorder recorder = new PlanRecorder(Graphs.dag());

        RunResult run = Runs.run(g, recorder, 2, new Runs.Clocking(Clock.VIRTUAL, 1, Optional.empty(), Duration.ofSeconds(15),
                ShutdownMode.POWEROFF));

        assertThat(run.makespanNanos()).isEqualTo(Duration.ofMillis(103).toNanos());
        PlanRecorder.Step root = recorder.step(0);
        assertThat(root.lane()).isEqualTo("pool");
        assertThat(root.waits()).singleElement().satisfies(w -> assertThat(w.waitingOn())
                .containsExactly("/devices/pci0/nvme1", "/devices/pci0/nvme0", "/devices/platform/bmc"));
        assertThat(recorder.step(3).waits()).singleElement().satisfies(w -> assertThat(w.waitingOn()).isEmpty());
        assertThat(recorder.programs()).hasSize(4).allMatch(p -> p.startsWith("pool: "));

        String text = PlanReport.render("small", g, RunReport.of(g, run, LowerBound.of(g, run)), recorder, "opt-in");
        assertThat(text).contains("plan of strategy dag").contains("/devices/platform/bmc")
                .contains("children and consumers of #0 /devices/pci0 and the previous sync device #1 /devices/platform/bmc: "
                        + "3 unfinished /devices/pci0/nvme1, /devices/pci0/nvme0, /devices/platform/bmc");
        // start order: the NVMe functions at 0, then the platform device, the root last
        assertThat(text.indexOf("#3 /devices/pci0/nvme0")).isLessThan(text.indexOf("#1 /devices/platform/bmc"));
        assertThat(text.indexOf("#1 /devices/platform/bmc")).isLessThan(text.indexOf("#0 /devices/pci0 "));
    }
}
