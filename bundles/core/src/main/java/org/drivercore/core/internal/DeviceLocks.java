package org.drivercore.core.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.Condition;
import java.util.function.Supplier;

import org.drivercore.api.Device;

/**
 * The device lock a shutdown holds, as {@code device_shutdown()} holds {@code device_lock()}: while a device's
 * shutdown work runs (until its stage completes), an unbind or a removal of that device waits for it. The registry's
 * lock is not held meanwhile, so the shutdown itself may use the registry.
 */
final class DeviceLocks {

    private final DeviceCore core;
    /** Signalled when a device's shutdown ends; a condition of the registry's lock. */
    private final Condition shutdownEnded;

    DeviceLocks(DeviceCore core, Condition shutdownEnded) {
        this.core = core;
        this.shutdownEnded = shutdownEnded;
    }

    /** Runs the shutdown with the device locked; a device removed before its turn is not shut down. */
    CompletionStage<Void> shutdownLocked(Device device, Supplier<CompletionStage<Void>> shutdown) {
        DeviceNode n = device instanceof DeviceNode dn && dn.owner() == core ? dn : null;
        if (n == null) {
            return shutdown.get();
        }
        boolean alive = core.locked(() -> {
            if (!n.isAlive()) {
                return false;
            }
            n.shutdownsRunning++;
            return true;
        });
        if (!alive) {
            return CompletableFuture.completedFuture(null);
        }
        CompletionStage<Void> stage;
        try {
            stage = shutdown.get();
        } catch (RuntimeException | Error e) {
            shutdownDone(n);
            throw e;
        }
        if (stage == null) {
            shutdownDone(n);
            return CompletableFuture.completedFuture(null);
        }
        return stage.whenComplete((v, e) -> shutdownDone(n));
    }

    private void shutdownDone(DeviceNode n) {
        core.locked(() -> {
            n.shutdownsRunning--;
            shutdownEnded.signalAll();
        });
    }

    /** Waits, with the registry locked, until no shutdown runs on the device (the wait gives the lock up). */
    void awaitShutdownDone(DeviceNode n) {
        while (n.shutdownsRunning > 0) {
            shutdownEnded.awaitUninterruptibly();
        }
    }
}
