package org.drivercore.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.DeviceState;
import org.drivercore.api.Driver;
import org.drivercore.api.ProbeContext;
import org.drivercore.api.ProbeResult;
import org.drivercore.common.callout.Callouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binding devices to drivers, after Linux's {@code drivers/base/dd.c}: matching a device against its bus's drivers,
 * probing, unbinding. Every method runs under the registry's lock (the callers hold it), as the kernel's device
 * lock serialises probe and removal; calls into bus and driver code go through {@link Callouts}.
 */
final class Binding {

    private static final Logger LOG = LoggerFactory.getLogger(Binding.class);

    private final DeviceCore core;
    private final DeviceList list;
    private final DriverTable drivers;
    private final DeferredProbe deferred;
    private final Events events;

    Binding(DeviceCore core, DeviceList list, DriverTable drivers, DeferredProbe deferred, Events events) {
        this.core = core;
        this.list = list;
        this.drivers = drivers;
        this.deferred = deferred;
        this.events = events;
    }

    boolean canProbe(DeviceNode n) {
        DeviceState s = n.state();
        return !core.isProbingBlocked() && n.bus().isPresent()
                && (s == DeviceState.UNBOUND || s == DeviceState.DEFERRED || s == DeviceState.PROBE_FAILED);
    }

    /** Matches the device against the drivers of its bus, in arrival order, until one binds or defers. */
    void tryBind(DeviceNode n) {
        if (!canProbe(n)) {
            return;
        }
        BusType bus = core.busType(n.bus().get());
        if (bus == null) {
            n.setState(DeviceState.WAITING_FOR_BUS, "bus type '" + n.bus().get() + "' is not registered");
            return;
        }
        boolean matched = false;
        for (Driver d : drivers.all()) {
            if (!d.bus().equals(bus.name()) || !drivers.isActive(d) || !matches(bus, n, d)) {
                continue;
            }
            matched = true;
            if (probe(n, bus, d) != ProbeResult.Kind.FAILED) {
                return;
            }
        }
        if (!matched) {
            // A deferred device retried with no driver left for it leaves the pending list, as
            // deferred_probe_work_func() takes it off before bus_probe_device() finds nothing.
            deferred.leave(n);
            n.setState(DeviceState.UNBOUND, n.recordedDriver()
                    .map(r -> "driver '" + r + "' is not registered on bus '" + bus.name() + "'")
                    .orElse("no driver matches"));
        }
    }

    /** Linux's {@code driver_attach()}: every matching device without a driver, in list order. */
    void attach(Driver driver) {
        for (DeviceNode n : list.inOrder()) {
            if (n.isAlive() && driver.bus().equals(n.bus().orElse(null)) && canProbe(n) && drivers.isActive(driver)) {
                BusType bus = core.busType(driver.bus());
                if (bus != null && matches(bus, n, driver)) {
                    probe(n, bus, driver);
                }
            }
        }
    }

    private boolean matches(BusType bus, DeviceNode n, Driver d) {
        if (n.recordedDriver().isPresent()) {
            // driver_override: that driver and no other.
            return n.recordedDriver().get().equals(d.name());
        }
        return Callouts.call(() -> bus.match(n, d), e -> {
            LOG.warn("Bus '{}' failed to match {} against driver '{}'", bus.name(), n.path(), d.name(), e);
            return false;
        });
    }

    /** Linux's {@code really_probe()}: suppliers first, then move to the tail, then the probe. */
    private ProbeResult.Kind probe(DeviceNode n, BusType bus, Driver d) {
        Set<String> notYetAdded = core.suppliersNotYetAdded(n.path());
        if (notYetAdded != null && !notYetAdded.isEmpty()) {
            deferred.defer(n, d, "waiting for supplier " + notYetAdded.iterator().next() + ", not added yet");
            return ProbeResult.Kind.DEFERRED;
        }
        for (DeviceLink l : n.supplierLinks) {
            DeviceNode supplier = list.get(l.supplierPath());
            if (l.isManaged() && supplier.state() != DeviceState.BOUND) {
                deferred.defer(n, d, "waiting for supplier " + supplier.path() + " to be bound");
                return ProbeResult.Kind.DEFERRED;
            }
        }
        list.moveToTail(n);
        n.setState(DeviceState.PROBING, null);
        events.fire(DeviceEvent.Type.PROBING, n.path(), d.name(), "");
        Context ctx = new Context(n);
        ProbeResult result = Callouts.call(() -> bus.probe(n, d, ctx), e -> {
            LOG.warn("Driver '{}' threw in probe of {}", d.name(), n.path(), e);
            return ProbeResult.failed("probe threw " + e);
        });
        ctx.open = false;
        if (result == null) {
            result = ProbeResult.failed("probe returned no result");
        }
        switch (result.kind()) {
            case BOUND -> {
                n.bound(d, bus);
                deferred.leave(n);
                events.fire(DeviceEvent.Type.BOUND, n.path(), d.name(), "");
                LOG.debug("{} bound to driver '{}'", n.path(), d.name());
                // deferred_probe_work_func(): device_pm_move_to_tail() reorders the device, its children and
                // consumers to the tail before the retry.
                deferred.probeSucceeded(retried -> {
                    list.reorderToTail(retried);
                    tryBind(retried);
                });
            }
            case DEFERRED -> {
                removeCreatedBy(n);
                deferred.defer(n, d, result.reason());
            }
            case FAILED -> {
                removeCreatedBy(n);
                n.unbound();
                deferred.leave(n);
                n.setState(DeviceState.PROBE_FAILED, "driver '" + d.name() + "': " + result.reason());
                events.fire(DeviceEvent.Type.PROBE_FAILED, n.path(), d.name(), result.reason());
                LOG.warn("Probe of {} by driver '{}' failed: {}", n.path(), d.name(), result.reason());
            }
        }
        return result.kind();
    }

    /**
     * Unbinds a bound device: its managed consumers first (they wait, deferred, for the supplier to come
     * back), then what its driver created in probe, then the bus's or driver's remove.
     */
    void unbind(DeviceNode n) {
        Driver d = n.boundDriver;
        BusType bus = n.boundBus;
        List<DeviceNode> consumers = new ArrayList<>();
        for (DeviceLink l : n.consumerLinks) {
            DeviceNode c = list.get(l.consumerPath());
            if (l.isManaged() && c.state() == DeviceState.BOUND) {
                consumers.add(c);
            }
        }
        for (DeviceNode c : DeviceList.reversed(consumers)) {
            if (c.state() == DeviceState.BOUND) {
                // The consumer's own driver waits for the supplier again: if that driver leaves meanwhile, the
                // consumer is retried (and ends UNBOUND) like any device the driver deferred.
                Driver consumerDriver = c.boundDriver;
                unbind(c);
                deferred.defer(c, consumerDriver, "supplier " + n.path() + " was unbound");
            }
        }
        removeCreatedBy(n);
        Callouts.run(() -> bus.remove(n, d), e -> LOG.warn("Driver '{}' threw in remove of {}", d.name(), n.path(), e));
        n.unbound();
        n.setState(DeviceState.UNBOUND, "driver '" + d.name() + "' was unbound");
        events.fire(DeviceEvent.Type.UNBOUND, n.path(), d.name(), "");
        LOG.debug("{} unbound from driver '{}'", n.path(), d.name());
    }

    private void removeCreatedBy(DeviceNode creator) {
        for (DeviceNode n : DeviceList.reversed(creator.created)) {
            core.removeDevice(n);
        }
    }

    /** The probe's view: devices added through it belong to the binding being made. */
    private final class Context implements ProbeContext {
        private final DeviceNode device;
        boolean open = true;

        Context(DeviceNode device) {
            this.device = device;
        }

        @Override
        public Device device() {
            return device;
        }

        @Override
        public Device addChild(DeviceSpec spec) {
            if (!open || !core.isLockedByCurrentThread()) {
                throw new IllegalStateException("addChild is only allowed on the probe's thread while "
                        + device.path() + " is being probed");
            }
            DeviceNode child = core.appendCreated(spec, device);
            tryBind(child);
            return child;
        }
    }
}
