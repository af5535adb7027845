package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.drivercore.api.DeviceState;
import org.drivercore.api.ProbeResult;
import org.junit.jupiter.api.Test;

/** device_block_probing(): what shutdown does first. */
class ProbeBlockingTest extends CoreFixture {

    @Test
    void aDeviceAddedWhileProbingIsBlockedIsRegisteredButNotProbedUntilUnblocked() {
        bus("pci");
        register(driver("d", "pci", "a", "b"));
        core.blockProbing();

        add(on("pci", "/a"));

        assertThat(paths()).containsExactly("/a");
        assertThat(state("/a")).isEqualTo(DeviceState.UNBOUND);
        assertThat(journal()).isEmpty();
        assertThat(core.isProbingBlocked()).isTrue();

        core.unblockProbing();
        assertThat(state("/a")).isEqualTo(DeviceState.BOUND);
    }

    @Test
    void aDriverArrivingWhileBlockedBindsNothing() {
        bus("pci");
        add(on("pci", "/a"));
        core.blockProbing();

        register(driver("d", "pci", "a"));

        assertThat(state("/a")).isEqualTo(DeviceState.UNBOUND);
    }

    @Test
    void blockingWaitsForAProbeInProgress() throws Exception {
        bus("pci");
        CountDownLatch inProbe = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean probeEnded = new AtomicBoolean();
        register(driver("slow", "pci", "a").byDefault((d, c) -> {
            inProbe.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            probeEnded.set(true);
            return ProbeResult.bound();
        }));
        Thread adder = new Thread(() -> add(on("pci", "/a")));
        adder.start();
        assertThat(inProbe.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicBoolean probeHadEndedWhenBlocked = new AtomicBoolean();
        Thread blocker = new Thread(() -> {
            core.blockProbing();
            probeHadEndedWhenBlocked.set(probeEnded.get());
        });
        blocker.start();
        release.countDown();
        blocker.join(10_000);
        adder.join(10_000);

        assertThat(probeHadEndedWhenBlocked).as("blockProbing returns only after the probe in progress").isTrue();
        assertThat(core.isProbingBlocked()).isTrue();
        assertThat(state("/a")).isEqualTo(DeviceState.BOUND);
    }
}
