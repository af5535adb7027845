package org.drivercore.core.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.DeviceState;
import org.drivercore.api.Driver;
import org.drivercore.api.ProbeContext;
import org.drivercore.api.ProbeResult;
import org.drivercore.api.ProbeType;
import org.drivercore.common.callout.Callouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binding devices to drivers, after Linux's {@code drivers/base/dd.c}: a device added is matched against its bus's
 * drivers ({@code bus_probe_device()}), a driver that registers against its bus's devices in add order
 * ({@code driver_attach()}); a driver that prefers asynchronous probing probes from async work, after the synchronous
 * probes; unbinding unbinds the managed consumers first. Probing never moves a device in the list (since Linux 4.18).
 * Every method runs under the registry's lock (the callers hold it), as the kernel's device lock serialises probe and
 * removal; calls into bus and driver code go through {@link Callouts}.
 */
final class Binding {

    private static final Logger LOG = LoggerFactory.getLogger(Binding.class);

    /** A probe from async work: a device and the driver that registered (null: every async driver that matches). */
    private record AsyncProbe(DeviceNode device, Driver driver) {
    }

    private final DeviceCore core;
    private final DeviceList list;
    private final DriverTable drivers;
    private final DeferredProbe deferred;
    private final Links links;
    private final Events events;
    private final Deque<AsyncProbe> asyncProbes = new ArrayDeque<>();
    private long nextBindSeq;
    /** During a boot, the drivers registered so far; null otherwise (every driver is registered). */
    private Set<Driver> registeredDuringBoot;
    /** During a boot's enumeration: devices are added, nothing probes. */
    private boolean enumerating;

    Binding(DeviceCore core, DeviceList list, DriverTable drivers, DeferredProbe deferred, Links links, Events events) {
        this.core = core;
        this.list = list;
        this.drivers = drivers;
        this.deferred = deferred;
        this.links = links;
        this.events = events;
    }

    // ---------------------------------------------------------------- boot

    /** A boot begins: devices enumerate without probing, and no driver has registered yet. */
    void bootEnumeration() {
        enumerating = true;
        registeredDuringBoot = new HashSet<>();
    }

    /** The boot's drivers register from now on. */
    void bootDrivers() {
        enumerating = false;
    }

    /** The boot is over: every driver is registered, devices added from now on probe at once. */
    void bootDone() {
        enumerating = false;
        registeredDuringBoot = null;
    }

    /** During a boot, a driver registers ({@code driver_register()}): it attaches to its bus's devices. */
    void register(Driver driver) {
        if (registeredDuringBoot != null) {
            registeredDuringBoot.add(driver);
        }
        attach(driver);
    }

    private boolean registered(Driver d) {
        return registeredDuringBoot == null || registeredDuringBoot.contains(d);
    }

    // ---------------------------------------------------------------- probing

    boolean canProbe(DeviceNode n) {
        DeviceState s = n.state();
        return !enumerating && !core.isProbingBlocked() && n.bus().isPresent()
                && (s == DeviceState.UNBOUND || s == DeviceState.DEFERRED || s == DeviceState.PROBE_FAILED);
    }

    /**
     * {@code bus_probe_device()}: the device against the registered drivers of its bus in arrival order, first those
     * that probe synchronously, until one binds or defers; a driver that prefers asynchronous probing is tried from
     * async work ({@link #runAsyncProbes}).
     */
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
        boolean asyncMatch = false;
        for (Driver d : drivers.all()) {
            if (!d.bus().equals(bus.name()) || !drivers.isActive(d) || !registered(d) || !matches(bus, n, d)) {
                continue;
            }
            matched = true;
            if (prefersAsync(d)) {
                asyncMatch = true;
                continue;
            }
            if (probe(n, bus, d) != ProbeResult.Kind.FAILED) {
                return;
            }
        }
        if (asyncMatch) {
            asyncProbes.add(new AsyncProbe(n, null));
        } else if (!matched) {
            n.setState(DeviceState.UNBOUND, n.recordedDriver()
                    .map(r -> "driver '" + r + "' is not registered on bus '" + bus.name() + "'")
                    .orElse("no driver matches"));
        }
    }

    /**
     * {@code driver_attach()}: every device of the driver's bus without a driver, in the order they were added to
     * the bus; a driver that prefers asynchronous probing queues its probes.
     */
    void attach(Driver driver) {
        List<DeviceNode> onBus = list.inOrder().stream().filter(n -> driver.bus().equals(n.bus().orElse(null)))
                .sorted(DeviceNode.ADD_ORDER).toList();
        for (DeviceNode n : onBus) {
            if (n.isAlive() && canProbe(n) && drivers.isActive(driver)) {
                BusType bus = core.busType(driver.bus());
                if (bus != null && matches(bus, n, driver)) {
                    if (prefersAsync(driver)) {
                        asyncProbes.add(new AsyncProbe(n, driver));
                    } else {
                        probe(n, bus, driver);
                    }
                }
            }
        }
    }

    private static boolean prefersAsync(Driver d) {
        return Callouts.call(d::probeType, e -> ProbeType.DEFAULT) == ProbeType.PREFER_ASYNCHRONOUS;
    }

    boolean hasAsyncProbes() {
        return !asyncProbes.isEmpty();
    }

    /** The async probe work, in the order it was queued ({@code __driver_attach_async_helper()}). */
    void runAsyncProbes() {
        while (!asyncProbes.isEmpty()) {
            AsyncProbe a = asyncProbes.poll();
            DeviceNode n = a.device();
            if (!n.isAlive() || !canProbe(n)) {
                continue;
            }
            BusType bus = core.busType(n.bus().get());
            if (bus == null) {
                continue;
            }
            for (Driver d : a.driver() == null ? drivers.all() : List.of(a.driver())) {
                if (d.bus().equals(bus.name()) && drivers.isActive(d) && registered(d) && prefersAsync(d)
                        && matches(bus, n, d) && probe(n, bus, d) != ProbeResult.Kind.FAILED) {
                    break;
                }
            }
        }
    }

    boolean matches(BusType bus, DeviceNode n, Driver d) {
        if (!n.matchDriver()) {
            return false;
        }
        if (n.recordedDriver().isPresent()) {
            // driver_override: that driver and no other.
            return n.recordedDriver().get().equals(d.name());
        }
        return Callouts.call(() -> bus.match(n, d), e -> {
            LOG.warn("Bus '{}' failed to match {} against driver '{}'", bus.name(), n.path(), d.name(), e);
            return false;
        });
    }

    /** {@code device_driver_attach()} from a user's bind: one probe by that driver, now, whatever its probe type. */
    void probeOne(DeviceNode n, BusType bus, Driver d) {
        probe(n, bus, d);
    }

    /** Linux's {@code really_probe()}: the suppliers must be ready; the device does not move; then the probe. */
    private ProbeResult.Kind probe(DeviceNode n, BusType bus, Driver d) {
        Set<String> notYetAdded = core.suppliersNotYetAdded(n.path());
        if (notYetAdded != null && !notYetAdded.isEmpty()) {
            deferred.defer(n, d, "waiting for supplier " + notYetAdded.iterator().next() + ", not added yet");
            return ProbeResult.Kind.DEFERRED;
        }
        DeviceNode notReady = links.checkSuppliers(n);
        if (notReady != null) {
            deferred.defer(n, d, "supplier " + notReady.path() + " not ready");
            return ProbeResult.Kind.DEFERRED;
        }
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
            case BOUND -> bound(n, bus, d);
            case DEFERRED -> {
                removeCreatedBy(n);
                links.probeEnded(n);
                deferred.defer(n, d, result.reason());
            }
            case FAILED -> {
                removeCreatedBy(n);
                n.unbound();
                links.probeEnded(n);
                deferred.remove(n);
                n.setState(DeviceState.PROBE_FAILED, "driver '" + d.name() + "': " + result.reason());
                events.fire(DeviceEvent.Type.PROBE_FAILED, n.path(), d.name(), result.reason());
                LOG.warn("Probe of {} by driver '{}' failed: {}", n.path(), d.name(), result.reason());
            }
        }
        return result.kind();
    }

    /** {@code driver_bound()}: the links follow, and the deferred devices get another chance. */
    private void bound(DeviceNode n, BusType bus, Driver d) {
        n.bound(d, bus);
        n.bindSeq = nextBindSeq++;
        links.driverBound(n);
        deferred.remove(n);
        events.fire(DeviceEvent.Type.BOUND, n.path(), d.name(), "");
        LOG.debug("{} bound to driver '{}'", n.path(), d.name());
        deferred.trigger();
    }

    // ---------------------------------------------------------------- unbinding

    /**
     * Unbinds a bound device, as {@code __device_release_driver()}: after its running shutdown (the device lock); its
     * managed consumers first, then what its driver created in probe, then the bus's or driver's remove, then the
     * links follow. The consumers do not re-probe by themselves (only through AUTOPROBE_CONSUMER, when the supplier
     * binds again).
     */
    void unbind(DeviceNode n) {
        core.awaitShutdownDone(n);
        if (n.state() != DeviceState.BOUND) {
            return; // unbound or removed while its shutdown ran
        }
        Driver d = n.boundDriver;
        BusType bus = n.boundBus;
        n.unbinding = true;
        for (DeviceNode c : links.consumersToUnbind(n)) {
            if (c.state() == DeviceState.BOUND) {
                unbind(c);
                c.setState(DeviceState.UNBOUND, "supplier " + n.path() + " was unbound");
            }
        }
        removeCreatedBy(n);
        Callouts.run(() -> bus.remove(n, d), e -> LOG.warn("Driver '{}' threw in remove of {}", d.name(), n.path(), e));
        n.unbound();
        links.driverCleanup(n);
        n.unbinding = false;
        n.setState(DeviceState.UNBOUND, "driver '" + d.name() + "' was unbound");
        events.fire(DeviceEvent.Type.UNBOUND, n.path(), d.name(), "");
        LOG.debug("{} unbound from driver '{}'", n.path(), d.name());
    }

    /** {@code driver_detach()}: the driver's devices, from the last bound. */
    void detach(List<DeviceNode> bound) {
        for (DeviceNode n : bound.stream().sorted(DeviceNode.BIND_ORDER.reversed()).toList()) {
            if (n.state() == DeviceState.BOUND) {
                unbind(n);
            }
        }
    }

    private void removeCreatedBy(DeviceNode creator) {
        for (DeviceNode n : DeviceList.reversed(creator.createdNodes())) {
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
