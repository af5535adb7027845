package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceState;
import org.junit.jupiter.api.Test;

/**
 * A device's shutdown runs with the device locked, as device_shutdown() holds device_lock(): its unbind waits for it;
 * a device removed before its turn is not shut down (v18 completes a dead device's completion).
 */
class ShutdownLockTest extends CoreFixture {

    @Test
    void anUnbindWaitsForTheRunningShutdownOfItsDevice() throws Exception {
        bus("pci");
        RecordingDriver nvme = register(driver("nvme", "pci", "nvme0"));
        Device d = add(on("pci", "/nvme0"));
        CompletableFuture<Void> controllerReady = new CompletableFuture<>();
        CompletionStage<Void> shutdown = core.shutdownLocked(d, () -> controllerReady);
        CountDownLatch unbound = new CountDownLatch(1);
        Thread unbinder = new Thread(() -> {
            core.unbindDriver(nvme);
            unbound.countDown();
        });

        unbinder.start();

        assertThat(unbound.await(200, TimeUnit.MILLISECONDS)).as("unbind waited for the shutdown").isFalse();
        assertThat(state("/nvme0")).isEqualTo(DeviceState.BOUND);
        assertThat(core.devices()).as("the registry stays usable meanwhile").hasSize(1);
        controllerReady.complete(null);
        assertThat(unbound.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(shutdown.toCompletableFuture().isDone()).isTrue();
        assertThat(state("/nvme0")).isEqualTo(DeviceState.UNBOUND);
        unbinder.join();
    }

    @Test
    void aRemovedDeviceIsNotShutDownAndItsStageCompletesAtOnce() {
        Device d = add(classDevice("/gone"));
        core.remove("/gone");
        AtomicBoolean ran = new AtomicBoolean();

        CompletionStage<Void> stage = core.shutdownLocked(d, () -> {
            ran.set(true);
            return CompletableFuture.completedFuture(null);
        });

        assertThat(ran).isFalse();
        assertThat(stage.toCompletableFuture().isDone()).isTrue();
    }

    /** v18's flag is set by the subsystem when the device is added, whatever the driver, and never cleared. */
    @Test
    void theSubsystemFlagIsSetAtAddAndNotClearedByUnbind() {
        BusType pci = new BusType() {
            @Override
            public String name() {
                return "pci";
            }

            @Override
            public boolean flagsAsyncShutdown(Device device) {
                return true;
            }
        };
        core.bindBusType(pci);
        RecordingDriver d = register(driver("d", "pci", "x"));
        Device x = add(on("pci", "/x"));
        Device y = add(on("pci", "/y"));
        Device cls = add(classDevice("/cls"));

        core.unbindDriver(d);

        assertThat(x.isSubsystemAsyncShutdown()).isTrue();
        assertThat(y.isSubsystemAsyncShutdown()).as("unbound, flagged all the same").isTrue();
        assertThat(cls.isSubsystemAsyncShutdown()).as("the bus type may claim a device without a bus").isTrue();
    }
}
