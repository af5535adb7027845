package org.drivercore.core.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.Condition;
import java.util.function.Supplier;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceState;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.RegistryException;

/**
 * The device lock a shutdown holds, as {@code device_shutdown()} holds {@code device_lock()}: while a device's
 * shutdown work runs (until its stage completes), an unbind or a removal of that device waits for it. The registry's
 * lock is not held meanwhile, so the shutdown itself may use the registry.
 */
final class DeviceLocks {

    private final DeviceCore core;
    /** Signalled when a device's shutdown ends; a condition of the registry's lock. */
    private final Condition shutdownEnded;
    /**
     * The devices whose shutdown work this thread is calling (nested when a shutdown shuts another device down). An
     * unbind or removal of one of them from inside its own shutdown would wait for itself: in Linux the device_lock()
     * that device_shutdown() holds deadlocks it; here it is refused.
     */
    private final ThreadLocal<Deque<DeviceNode>> calling = ThreadLocal.withInitial(ArrayDeque::new);

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
        calling.get().push(n);
        try {
            stage = shutdown.get();
        } catch (RuntimeException | Error e) {
            shutdownDone(n);
            throw e;
        } finally {
            calling.get().pop();
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

    /**
     * Refuses, before anything changes, to unbind or remove a device when that would unbind or remove a device whose
     * shutdown this thread is calling: the device itself, a descendant, or a bound consumer of a managed link (which
     * an unbind of its supplier unbinds first), transitively.
     */
    void refuseFromOwnShutdown(DeviceNode n, String what) {
        Deque<DeviceNode> running = calling.get();
        if (running.isEmpty()) {
            return;
        }
        Set<DeviceNode> affected = new HashSet<>();
        Deque<DeviceNode> todo = new ArrayDeque<>(List.of(n));
        while (!todo.isEmpty()) {
            DeviceNode d = todo.pop();
            if (!affected.add(d)) {
                continue;
            }
            todo.addAll(d.childNodes());
            for (LinkNode l : d.consumerLinkNodes()) {
                if (l.managed() && !l.has(LinkFlag.SYNC_STATE_ONLY) && l.consumer.state() == DeviceState.BOUND) {
                    todo.add(l.consumer);
                }
            }
        }
        for (DeviceNode r : running) {
            if (affected.contains(r)) {
                throw new RegistryException(n.path(), "cannot " + what + " it from "
                        + (r == n ? "its own shutdown" : "the shutdown of " + r.path() + ", which that would wait for")
                        + ": device_shutdown() holds the device's lock; in Linux this deadlocks");
            }
        }
    }

    /** Waits, with the registry locked, until no shutdown runs on the device (the wait gives the lock up). */
    void awaitShutdownDone(DeviceNode n) {
        if (calling.get().contains(n)) {
            throw new RegistryException(n.path(), "cannot unbind or remove it from its own shutdown: device_shutdown() "
                    + "holds the device's lock; in Linux this deadlocks");
        }
        while (n.shutdownsRunning > 0) {
            shutdownEnded.awaitUninterruptibly();
        }
    }
}
