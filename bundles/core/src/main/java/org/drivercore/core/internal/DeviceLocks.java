package org.drivercore.core.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.Condition;
import java.util.function.Supplier;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceState;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.LinkState;
import org.drivercore.api.RegistryException;

/**
 * The device lock a shutdown holds, as {@code device_shutdown()} holds {@code device_lock()}: while a device's
 * shutdown work runs (until its stage completes), an unbind or a removal of that device waits for it. The registry's
 * lock is not held meanwhile, so the shutdown itself may use the registry.
 *
 * <p>One wait is refused instead: on the thread that started the running shutdown. That thread is the one that runs
 * the shutdown's own code and, on the virtual clock, every step of the run; waiting there would wait for itself (in
 * Linux the device lock that {@code device_shutdown()} holds deadlocks such a call). The refusal comes before anything
 * changes: the unbind or removal is checked whole first.
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
            n.shutdownStarter = Thread.currentThread();
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
            if (--n.shutdownsRunning == 0) {
                n.shutdownStarter = null;
            }
            shutdownEnded.signalAll();
        });
    }

    /**
     * Refuses, before anything changes, an unbind or a removal of {@code n} that would wait for a shutdown this thread
     * started: of the device itself, or of a device the operation unbinds or removes with it (for a removal its
     * descendants; for both, the bound consumers of its managed links, which an unbind of their supplier unbinds first,
     * and what its driver created, which goes with the driver), transitively, as {@link Binding#unbind} and
     * {@link Registrations#removeDevice} walk them.
     */
    void refuseWaitForOwnShutdown(DeviceNode n, boolean removal) {
        Set<DeviceNode> affected = new LinkedHashSet<>(); // the device itself first, then in walk order
        collect(n, removal, affected);
        for (DeviceNode d : affected) {
            if (startedHere(d)) {
                throw refusal(n, d, removal ? "remove" : "unbind");
            }
        }
    }

    private static void collect(DeviceNode d, boolean removal, Set<DeviceNode> out) {
        if (!out.add(d)) {
            return;
        }
        if (removal) {
            d.childNodes().forEach(c -> collect(c, true, out));
        }
        if (d.state() == DeviceState.BOUND) {
            for (LinkNode l : d.consumerLinkNodes()) {
                if (l.managed() && !l.has(LinkFlag.SYNC_STATE_ONLY) && l.state == LinkState.ACTIVE
                        && l.consumer.state() == DeviceState.BOUND) {
                    collect(l.consumer, false, out);
                }
            }
            d.createdNodes().forEach(c -> collect(c, true, out));
        }
    }

    private static boolean startedHere(DeviceNode d) {
        return d.shutdownsRunning > 0 && d.shutdownStarter == Thread.currentThread();
    }

    private static RegistryException refusal(DeviceNode n, DeviceNode running, String what) {
        return new RegistryException(n.path(), "cannot " + what + " it now: "
                + (running == n ? "its shutdown" : "the shutdown of " + running.path() + ", which that waits for,")
                + " runs and was started on this thread, so waiting here would wait for itself (device_shutdown() holds "
                + "the device lock; in Linux this deadlocks)");
    }

    /** Waits, with the registry locked, until no shutdown runs on the device (the wait gives the lock up). */
    void awaitShutdownDone(DeviceNode n) {
        if (startedHere(n)) {
            throw refusal(n, n, "unbind or remove");
        }
        while (n.shutdownsRunning > 0) {
            shutdownEnded.awaitUninterruptibly();
        }
    }
}
