package org.drivercore.core.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;

import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceState;
import org.drivercore.api.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deferred probe, after Linux's {@code drivers/base/dd.c}: a probe that defers puts its device on the pending list
 * ({@code driver_deferred_probe_add()}); every successful bind moves the whole pending list to the tail of the active
 * list and queues the work ({@code driver_deferred_probe_trigger()}), but only once the boot's late phase enabled it
 * ({@code deferred_probe_initcall()}); the work ({@code deferred_probe_work_func()}) takes the active list from its
 * head, moving each device to the tail before it probes it again. Guarded by the registry's lock.
 */
final class DeferredProbe {

    private static final Logger LOG = LoggerFactory.getLogger(DeferredProbe.class);

    /** Devices that deferred since the last trigger, in order ({@code deferred_probe_pending_list}). */
    private final LinkedHashSet<DeviceNode> pending = new LinkedHashSet<>();
    /** Devices the work will retry, in order ({@code deferred_probe_active_list}). */
    private final Deque<DeviceNode> active = new ArrayDeque<>();
    private final Events events;
    /** {@code driver_deferred_probe_enable}: false during a boot until its late phase; true otherwise. */
    private boolean enabled = true;

    DeferredProbe(Events events) {
        this.events = events;
    }

    /** Marks the device deferred by the driver (which waits for it) and puts it on the pending list. */
    void defer(DeviceNode n, Driver d, String reason) {
        n.unbound();
        n.deferredBy = d;
        n.setState(DeviceState.DEFERRED, reason);
        add(n, reason);
        events.fire(DeviceEvent.Type.DEFERRED, n.path(), d == null ? null : d.name(), reason);
    }

    /** {@code driver_deferred_probe_add()}: on the pending list, unless it is on a list already. */
    void add(DeviceNode n, String why) {
        if (!active.contains(n) && pending.add(n)) {
            LOG.debug("{} added to the deferred list: {}", n.path(), why);
        }
    }

    /** {@code driver_deferred_probe_del()}: off both lists. */
    void remove(DeviceNode n) {
        pending.remove(n);
        active.remove(n);
        n.deferredBy = null;
    }

    /** {@code driver_deferred_probe_trigger()}: a no-op until enabled. */
    void trigger() {
        if (enabled) {
            active.addAll(pending);
            pending.clear();
        }
    }

    void enabled(boolean value) {
        this.enabled = value;
    }

    boolean hasWork() {
        return !active.isEmpty();
    }

    /** One run of the work: each device of the active list, from its head, handed to {@code retry}. */
    void runWork(Consumer<DeviceNode> retry) {
        while (!active.isEmpty()) {
            DeviceNode n = active.poll();
            if (n.isAlive() && n.state() != DeviceState.BOUND) {
                LOG.debug("{} retried from the deferred list", n.path());
                retry.accept(n);
            }
        }
    }

    /** The pending list, then the active list ({@code devices_deferred}); for tests. */
    List<String> paths() {
        List<String> out = new ArrayList<>();
        pending.forEach(n -> out.add(n.path()));
        active.forEach(n -> out.add(n.path()));
        return out;
    }
}
