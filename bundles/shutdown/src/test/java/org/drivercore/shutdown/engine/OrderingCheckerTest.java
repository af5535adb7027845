package org.drivercore.shutdown.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.drivercore.shutdown.engine.Trace.violations;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.shutdown.strategy.TwoPassStrategy;
import org.junit.jupiter.api.Test;

/**
 * The independent judge: it checks pairs of devices with shutdown work, following dependents through devices without
 * work, and reports every violation. Issue 7: it used to count violations on ordering-only nodes (two-pass with every
 * device async: 53, the first on {@code pci0000:00}, which does nothing).
 */
class OrderingCheckerTest {

    /** A host bridge without work above a port without work above an async NVMe function, and a sync disk. */
    private static ShutdownGraph bridge() {
        return TestGraph.named("bridge").noWork("pci0000:00").noWork("port").parent("pci0000:00").async("nvme", 100)
                .parent("port").sync("disk", 10).parent("pci0000:00").build();
    }

    @Test
    void anOrderingOnlyDeviceIsNeverReportedItself() {
        ShutdownGraph g = bridge();
        // two-pass starts the async function, then walks on at once: the bridge and the port "start" at 0 while the
        // function runs until 100. They do nothing, so nothing is wrong with them.
        RunResult r = ShutdownEngine.runVirtual(g, new TwoPassStrategy(), EngineOptions.of(2));

        assertThat(r.record(0).start()).isLessThan(r.record(2).end());
        assertThat(violations(g, r)).isEmpty();
    }

    @Test
    void aDependentReachedThroughDevicesWithoutWorkIsJudged() {
        // The same, but the bridge has work: it must wait for the function below the port.
        ShutdownGraph g = TestGraph.named("bridge").sync("pci0000:00", 1).noWork("port").parent("pci0000:00")
                .async("nvme", 100).parent("port").build();

        RunResult r = ShutdownEngine.runVirtual(g, new TwoPassStrategy(), EngineOptions.of(2));

        assertThat(violations(g, r)).containsExactly("pci0000:00<dependent through /devices/port>nvme");
        assertThat(OrderingChecker.check(g, r).get(0).toString())
                .isEqualTo("/devices/pci0000:00 started at 0.000 ms before its dependent through /devices/port "
                        + "/devices/nvme ended at 100.000 ms");
    }

    @Test
    void everyViolationIsReported() {
        TestGraph t = TestGraph.named("wide").sync("root", 1);
        for (int i = 0; i < 12; i++) {
            t.async("n" + i, 50).parent("root");
        }
        ShutdownGraph g = t.build();

        RunResult r = ShutdownEngine.runVirtual(g, new TwoPassStrategy(), EngineOptions.of(2));

        assertThat(OrderingChecker.check(g, r)).hasSize(12);
    }
}
