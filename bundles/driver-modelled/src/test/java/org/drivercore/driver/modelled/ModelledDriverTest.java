package org.drivercore.driver.modelled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.InitcallLevel;
import org.drivercore.api.ProbeContext;
import org.drivercore.api.ProbeResult;
import org.drivercore.api.ProbeType;
import org.drivercore.api.RecordingContext;
import org.drivercore.api.ShutdownMode;
import org.drivercore.api.StubDevice;
import org.junit.jupiter.api.Test;

class ModelledDriverTest {

    @Test
    void deviceOptInIsSetInProbeAndRecordedChildrenAreCreated() {
        ModelledDriver nvme = new ModelledDriver(profile("nvme", "pci", "device", "fixed(4500ms)", "sleep", 5000));
        StubDevice dev = device("/devices/pci0000:00/0000:01:00.0", List.of(
                DeviceSpec.builder("/devices/pci0000:00/0000:01:00.0/nvme/nvme0").build(),
                DeviceSpec.builder("/devices/pci0000:00/0000:01:00.0/nvme/nvme0/nvme0n1").build()));
        List<String> created = new ArrayList<>();

        ProbeResult r = nvme.probe(dev, new ProbeContext() {
            @Override
            public Device device() {
                return dev;
            }

            @Override
            public Device addChild(DeviceSpec spec) {
                created.add(spec.path());
                return ModelledDriverTest.device(spec.path(), List.of());
            }
        });

        assertThat(r.kind()).isEqualTo(ProbeResult.Kind.BOUND);
        assertThat(dev.isAsyncShutdownEnabled()).isTrue();
        assertThat(nvme.asyncShutdown()).isFalse();
        assertThat(created).containsExactly("/devices/pci0000:00/0000:01:00.0/nvme/nvme0",
                "/devices/pci0000:00/0000:01:00.0/nvme/nvme0/nvme0n1");
    }

    @Test
    void driverWideOptInAndSyncProfiles() {
        assertThat(new ModelledDriver(profile("ixgbe", "pci", "driver", "fixed(20ms)", "sleep", 5000)).asyncShutdown()).isTrue();
        ModelledDriver ahci = new ModelledDriver(profile("ahci", "pci", "none", "fixed(20ms)", "sleep", 5000));
        StubDevice dev = device("/devices/x", List.of());
        ahci.probe(dev, null);
        assertThat(ahci.asyncShutdown()).isFalse();
        assertThat(dev.isAsyncShutdownEnabled()).isFalse();
        // Both opt-ins at once.
        ModelledDriver nvme = new ModelledDriver(profile("nvme", "pci", "driver,device", "fixed(20ms)", "sleep", 5000));
        StubDevice fn = device("/devices/y", List.of());
        nvme.probe(fn, null);
        assertThat(nvme.asyncShutdown()).isTrue();
        assertThat(fn.isAsyncShutdownEnabled()).isTrue();
    }

    @Test
    void sleepModeWaitsTheSampledLatencyThroughTheContext() {
        ModelledDriver nvme = new ModelledDriver(profile("nvme", "pci", "device", "lognormal(median=4500ms, sigma=0.2)", "sleep", 5000));
        StubDevice dev = device("/devices/pci0000:00/0000:01:00.0", List.of());
        RecordingContext ctx = new RecordingContext(ShutdownMode.POWEROFF);

        nvme.shutdown(dev, ctx).toCompletableFuture().join();

        assertThat(ctx.elapsed()).isEqualTo(nvme.shutdownLatency(dev));
        assertThat(ctx.sleeps).containsExactly(nvme.shutdownLatency(dev));
        // Same seed and path, same latency: runs are reproducible.
        assertThat(new ModelledDriver(profile("nvme", "pci", "device", "lognormal(median=4500ms, sigma=0.2)", "sleep", 5000))
                .shutdownLatency(dev)).isEqualTo(nvme.shutdownLatency(dev));
    }

    /** The guard the mid-shutdown integration tests rely on: a driver called after SCR deactivated it says so. */
    @Test
    void aShutdownCalledAfterDeactivationFailsAndWaitsForNothing() {
        ModelledDriver nvme = new ModelledDriver(profile("nvme", "pci", "device", "fixed(4500ms)", "sleep", 5000));
        StubDevice dev = device("/devices/pci0000:00/0000:01:00.0", List.of());
        RecordingContext ctx = new RecordingContext(ShutdownMode.POWEROFF);
        nvme.deactivate();

        assertThatThrownBy(() -> nvme.shutdown(dev, ctx).toCompletableFuture().join())
                .hasRootCauseMessage("modelled driver nvme called after it was deactivated (its bundle stopped or its "
                        + "profile was deleted)");
        assertThat(ctx.sleeps).isEmpty();
    }

    @Test
    void pollModePollsUntilTheControllerIsDone() {
        ModelledDriver nvme = new ModelledDriver(profile("nvme", "pci", "device", "fixed(4500ms)", "poll", 5000));
        RecordingContext ctx = new RecordingContext(ShutdownMode.POWEROFF);

        nvme.shutdown(device("/devices/n", List.of()), ctx).toCompletableFuture().join();

        assertThat(ctx.elapsed()).isEqualTo(Duration.ofMillis(4500));
        assertThat(ctx.polls).isEqualTo(4500 / 2 + 1);
    }

    @Test
    void pollModeGivesUpAtTheTimeoutAndCompletes() {
        ModelledDriver slow = new ModelledDriver(profile("nvme", "pci", "device", "fixed(9s)", "poll", 5000));
        RecordingContext ctx = new RecordingContext(ShutdownMode.POWEROFF);

        CompletionStage<Void> done = slow.shutdown(device("/devices/n", List.of()), ctx);

        assertThat(done.toCompletableFuture()).isCompleted();
        assertThat(ctx.elapsed()).isEqualTo(Duration.ofMillis(5000));
    }

    @Test
    void noneMeansNoShutdownCallback() {
        ModelledDriver hub = new ModelledDriver(profile("hub", "usb", "none", "none", "sleep", 5000));
        assertThat(hub.hasShutdown()).isFalse();
        assertThat(new ModelledDriver(profile("x", "usb", "none", "fixed(0ms)", "sleep", 5000)).hasShutdown()).isTrue();
    }

    @Test
    void badProfilesAreRefusedWithTheKeyNamed() {
        assertThatThrownBy(() -> new ModelledDriver(profile("", "pci", "none", "fixed(1ms)", "sleep", 5000)))
                .hasMessageContaining("'driver.name' is missing");
        assertThatThrownBy(() -> new ModelledDriver(profile("x", "pci", "sometimes", "fixed(1ms)", "sleep", 5000)))
                .hasMessageContaining("async 'sometimes' is unknown");
        assertThatThrownBy(() -> new ModelledDriver(profile("x", "pci", "none", "normal(1ms)", "sleep", 5000)))
                .hasMessageContaining("unknown latency model 'normal(1ms)'");
        assertThatThrownBy(() -> new ModelledDriver(profile("x", "pci", "none", "fixed(1ms)", "spin", 5000)))
                .hasMessageContaining("wait.mode 'spin' is unknown");
        assertThatThrownBy(() -> new ModelledDriver(profile("x", "pci", "none", "fixed(1ms)", "poll", 0)))
                .hasMessageContaining("must be positive");
    }

    @Test
    void probeTypeAndInitcallLevelComeFromTheProfile() {
        ModelledDriver nvme = new ModelledDriver(profile("nvme", "pci", "none", "fixed(1ms)", "sleep", 5000,
                "prefer-asynchronous", "device"));
        ModelledDriver hub = new ModelledDriver(profile("hub", "usb", "none", "none", "sleep", 5000, "default", "subsys"));
        assertThat(nvme.probeType()).isEqualTo(ProbeType.PREFER_ASYNCHRONOUS);
        assertThat(nvme.initcall()).isEqualTo(InitcallLevel.DEVICE);
        assertThat(hub.probeType()).isEqualTo(ProbeType.DEFAULT);
        assertThat(hub.initcall()).isEqualTo(InitcallLevel.SUBSYS);
        assertThatThrownBy(() -> new ModelledDriver(profile("x", "pci", "none", "none", "sleep", 5000, "eager", "device")))
                .hasMessageContaining("probe 'eager' is unknown (expected default, prefer-asynchronous or force-synchronous)");
        assertThatThrownBy(() -> new ModelledDriver(profile("x", "pci", "none", "none", "sleep", 5000, "default", "early")))
                .hasMessageContaining("initcall 'early' is unknown");
    }

    /** The metatype description and the profile contract name the same keys: one cannot drift from the other. */
    @Test
    void theConfigurationDescribesEveryKeyOfTheProfileContract() {
        List<String> described = java.util.Arrays.stream(ModelledDriver.Config.class.getDeclaredMethods())
                .map(m -> m.getName().replace('_', '.')).sorted().toList();
        assertThat(described).containsExactlyInAnyOrderElementsOf(org.drivercore.api.ModelledProfile.KEYS);
    }

    static StubDevice device(String path, List<DeviceSpec> probeChildren) {
        return new StubDevice(path, path.substring(path.lastIndexOf('/') + 1), "pci", Map.of(), probeChildren);
    }

    static ModelledDriver.Config profile(String name, String bus, String async, String shutdown, String wait, long timeoutMs) {
        return profile(name, bus, async, shutdown, wait, timeoutMs, "default", "device");
    }

    static ModelledDriver.Config profile(String name, String bus, String async, String shutdown, String wait, long timeoutMs,
            String probe, String initcall) {
        return new ModelledDriver.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ModelledDriver.Config.class;
            }

            @Override
            public String driver_name() {
                return name;
            }

            @Override
            public String bus() {
                return bus;
            }

            @Override
            public String async() {
                return async;
            }

            @Override
            public String shutdown() {
                return shutdown;
            }

            @Override
            public long seed() {
                return 42;
            }

            @Override
            public String[] ids() {
                return new String[0];
            }

            @Override
            public String wait_mode() {
                return wait;
            }

            @Override
            public long poll_interval_ms() {
                return 2;
            }

            @Override
            public long timeout_ms() {
                return timeoutMs;
            }

            @Override
            public String source() {
                return "";
            }

            @Override
            public String machine() {
                return "test";
            }

            @Override
            public String probe() {
                return probe;
            }

            @Override
            public String initcall() {
                return initcall;
            }
        };
    }
}
