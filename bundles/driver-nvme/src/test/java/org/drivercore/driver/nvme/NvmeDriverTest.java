package org.drivercore.driver.nvme;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.drivercore.api.Configs;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.ProbeContext;
import org.drivercore.api.ProbeResult;
import org.drivercore.api.IdTable;
import org.drivercore.api.ProbeType;
import org.drivercore.api.ShutdownMode;
import org.drivercore.api.StubDevice;
import org.drivercore.api.hardware.HardwareSpec;
import org.drivercore.hardware.internal.HardwareRegistry;
import org.drivercore.shutdown.engine.NodeRecord;
import org.drivercore.shutdown.engine.OneDevice;
import org.drivercore.shutdown.engine.Outcome;
import org.junit.jupiter.api.Test;

/** nvme_dev_disable(shutdown) against the emulated controller, on the virtual clock. */
class NvmeDriverTest {

    private static final String FN = "/devices/pci0000:17/0000:17:00.0/0000:1a:00.0";

    private final HardwareRegistry hardware = new HardwareRegistry();

    private NvmeDriver driver(Map<String, Object> config) {
        return new NvmeDriver(hardware, Configs.of(NvmeDriver.Config.class, config));
    }

    private StubDevice controller(String shutdown, String rtd3e) {
        Map<String, String> params = new java.util.HashMap<>(Map.of("shutdown", shutdown, "ioQueues", "4",
                "adminCommand", "fixed(100us)"));
        if (rtd3e != null) {
            params.put("rtd3e", rtd3e);
        }
        hardware.install(Map.of(FN, new HardwareSpec("test-ssd", "nvme", params)), true);
        return new StubDevice(FN, "0000:1a:00.0", "pci", Map.of("MODALIAS", "pci:v0000144Dd0000A824sv0000144Dsd0000A801bc01sc08i02"),
                List.of(DeviceSpec.builder(FN + "/nvme/nvme0").build(), DeviceSpec.builder(FN + "/nvme/nvme0/nvme0n1").build()));
    }

    private static ProbeResult probe(NvmeDriver d, StubDevice dev, List<String> created) {
        return d.probe(dev, new ProbeContext() {
            @Override
            public org.drivercore.api.Device device() {
                return dev;
            }

            @Override
            public org.drivercore.api.Device addChild(DeviceSpec spec) {
                created.add(spec.path());
                return StubDevice.at(spec.path(), null, Map.of());
            }
        });
    }

    @Test
    void probesAsynchronouslyCreatesTheControllerAndItsNamespaceAndOptsIn() {
        NvmeDriver d = driver(Map.of());
        StubDevice dev = controller("fixed(1s)", null);
        List<String> created = new java.util.ArrayList<>();

        assertThat(probe(d, dev, created).kind()).isEqualTo(ProbeResult.Kind.BOUND);

        assertThat(d.probeType()).isEqualTo(ProbeType.PREFER_ASYNCHRONOUS);
        assertThat(created).containsExactly(FN + "/nvme/nvme0", FN + "/nvme/nvme0/nvme0n1");
        assertThat(d.asyncShutdown()).isTrue();
        assertThat(dev.isAsyncShutdownEnabled()).isTrue();
        assertThat(d.idTable()).singleElement().satisfies(id -> assertThat(IdTable.matches(List.of(id), dev)).isTrue());
    }

    @Test
    void aDeviceWithoutAnEmulatedControllerIsNotBound() {
        StubDevice bare = new StubDevice("/devices/pci0000:00/0000:00:05.0", "0000:00:05.0", "pci", Map.of(), List.of());
        ProbeResult r = probe(driver(Map.of()), bare, new java.util.ArrayList<>());
        assertThat(r.kind()).isEqualTo(ProbeResult.Kind.FAILED);
        assertThat(r.reason()).contains("/devices/pci0000:00/0000:00:05.0").contains("NvmeController");
    }

    /** Queues deleted (SQ pass, CQ pass, each 100 us in parallel), CC.SHN, CSTS polled every 2 ms until complete. */
    @Test
    void normalShutdownPollsUntilTheControllerIsDone() {
        NvmeDriver d = driver(Map.of());
        StubDevice dev = controller("fixed(4501ms)", null);
        probe(d, dev, new java.util.ArrayList<>());

        NodeRecord r = OneDevice.shutdown(FN, ctx -> d.shutdown(dev, ctx), ShutdownMode.POWEROFF);

        assertThat(r.outcome()).isEqualTo(Outcome.DONE);
        // 0.2 ms of queue deletion, then SHST complete at 4501.2 ms, seen by the first read at or after it (reads every
        // 2 ms from 0.2 ms): 4502.2 ms.
        assertThat(Duration.ofNanos(r.end())).isEqualTo(Duration.ofNanos(4_502_200_000L));
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("CC.SHN"))
                .anySatisfy(n -> assertThat(n).contains("shutdown complete"));
    }

    @Test
    void aFasterPollSeesTheControllerDoneSooner() {
        NvmeDriver d = driver(Map.of("poll_interval_us", 500L));
        StubDevice dev = controller("fixed(4501ms)", null);
        probe(d, dev, new java.util.ArrayList<>());

        NodeRecord r = OneDevice.shutdown(FN, ctx -> d.shutdown(dev, ctx), ShutdownMode.POWEROFF);

        assertThat(Duration.ofNanos(r.end())).isEqualTo(Duration.ofNanos(4_501_200_000L));
    }

    /** A controller slower than the shutdown timeout: "Device not ready; aborting shutdown", timed out, not hung. */
    @Test
    void aControllerSlowerThanTheTimeoutTimesOutAndTheShutdownGoesOn() {
        NvmeDriver d = driver(Map.of());
        StubDevice dev = controller("fixed(13s)", null);
        probe(d, dev, new java.util.ArrayList<>());

        NodeRecord r = OneDevice.shutdown(FN, ctx -> d.shutdown(dev, ctx), ShutdownMode.POWEROFF);

        assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(r.detail()).contains("Device not ready; aborting shutdown, CSTS=0x5");
        assertThat(Duration.ofNanos(r.end())).isEqualTo(Duration.ofMillis(5000).plusNanos(200_000));
    }

    /** RTD3E of 15 s raises the timeout to 15 s: the 13 s controller finishes. */
    @Test
    void rtd3eRaisesTheTimeoutWithinItsClamp() {
        assertThat(NvmeDriver.shutdownTimeout(0, 5)).isEqualTo(Duration.ofSeconds(5));
        assertThat(NvmeDriver.shutdownTimeout(500_000, 5)).as("below 1 s: the module parameter").isEqualTo(Duration.ofSeconds(5));
        assertThat(NvmeDriver.shutdownTimeout(15_000_000, 5)).isEqualTo(Duration.ofSeconds(15));
        assertThat(NvmeDriver.shutdownTimeout(90_000_000, 5)).as("clamped to 60 s").isEqualTo(Duration.ofSeconds(60));
        assertThat(NvmeDriver.shutdownTimeout(8_000_000, 10)).as("never below the module parameter").isEqualTo(Duration.ofSeconds(10));

        NvmeDriver d = driver(Map.of());
        StubDevice dev = controller("fixed(13s)", "15s");
        probe(d, dev, new java.util.ArrayList<>());
        NodeRecord r = OneDevice.shutdown(FN, ctx -> d.shutdown(dev, ctx), ShutdownMode.POWEROFF);
        assertThat(r.outcome()).isEqualTo(Outcome.DONE);
    }
}
