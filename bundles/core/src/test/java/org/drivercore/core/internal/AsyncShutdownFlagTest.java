package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.drivercore.api.ProbeResult;
import org.junit.jupiter.api.Test;

/** drivercore's per-device async opt-in (AsyncSource.DEVICE): set by the probe, cleared on unbind. */
class AsyncShutdownFlagTest extends CoreFixture {

    @Test
    void enableAsyncShutdownInProbeIsVisibleDuringAndAfterTheProbe() {
        bus("pci");
        List<Boolean> seen = new ArrayList<>();
        register(driver("nvme", "pci", "nvme0", "ahci").always("/nvme0", (d, c) -> {
            seen.add(d.isAsyncShutdownEnabled());
            d.enableAsyncShutdown();
            seen.add(c.device().isAsyncShutdownEnabled());
            return ProbeResult.bound();
        }));

        add(on("pci", "/nvme0"));
        add(on("pci", "/ahci"));

        assertThat(seen).containsExactly(false, true);
        assertThat(device("/nvme0").isAsyncShutdownEnabled()).isTrue();
        assertThat(device("/ahci").isAsyncShutdownEnabled()).isFalse();
    }

    @Test
    void theFlagIsClearedWhenTheDeviceIsUnbound() {
        bus("pci");
        RecordingDriver nvme = register(driver("nvme", "pci", "nvme0").byDefault(RecordingDriver.bindAsync()));
        add(on("pci", "/nvme0"));
        var handle = device("/nvme0");
        assertThat(handle.isAsyncShutdownEnabled()).isTrue();

        core.unbindDriver(nvme);

        assertThat(handle.isAsyncShutdownEnabled()).isFalse();
    }

    @Test
    void aRebindThatDoesNotOptInLeavesTheFlagCleared() {
        bus("pci");
        RecordingDriver v1 = register(driver("nvme", "pci", "nvme0").byDefault(RecordingDriver.bindAsync()));
        add(on("pci", "/nvme0"));
        core.unbindDriver(v1);

        register(driver("nvme", "pci", "nvme0"));

        assertThat(device("/nvme0").isAsyncShutdownEnabled()).isFalse();
    }

    @Test
    void aProbeThatOptsInThenDefersOrFailsLeavesTheFlagCleared() {
        bus("pci");
        register(driver("d", "pci", "a", "b")
                .always("/a", (d, c) -> {
                    d.enableAsyncShutdown();
                    return ProbeResult.deferred("later");
                })
                .always("/b", (d, c) -> {
                    d.enableAsyncShutdown();
                    return ProbeResult.failed("broken");
                }));

        add(on("pci", "/a"));
        add(on("pci", "/b"));

        assertThat(device("/a").isAsyncShutdownEnabled()).isFalse();
        assertThat(device("/b").isAsyncShutdownEnabled()).isFalse();
    }

    @Test
    void theFlagIsClearedWhenABoundDeviceIsRemoved() {
        bus("pci");
        register(driver("nvme", "pci", "nvme0").byDefault(RecordingDriver.bindAsync()));
        var handle = add(on("pci", "/nvme0"));

        core.remove("/nvme0");

        assertThat(handle.isAsyncShutdownEnabled()).isFalse();
    }
}
