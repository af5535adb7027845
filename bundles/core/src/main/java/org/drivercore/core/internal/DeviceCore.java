package org.drivercore.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceClass;
import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceListener;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.DeviceState;
import org.drivercore.api.Driver;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.ProbeContext;
import org.drivercore.api.ProbeResult;
import org.drivercore.api.RegistryException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device registry: Linux's {@code devices_kset} with driver binding, deferred probe and device links.
 * Bus types, device classes, drivers and listeners are whiteboard services. One reentrant lock guards all
 * state, as the kernel's device lock serialises probe and removal; driver callbacks run under it, so a probe
 * in progress is waited for by anyone who wants the registry.
 */
@Component(service = DeviceRegistry.class, immediate = true)
public final class DeviceCore implements DeviceRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceCore.class);

    private final ReentrantLock lock = new ReentrantLock();
    /** The device list in order; a move to the tail is a remove and put. */
    private final LinkedHashMap<String, DeviceNode> deviceList = new LinkedHashMap<>();
    private long nextPosition;
    private final List<BusType> busTypes = new ArrayList<>();
    /** Device classes only matter at shutdown ({@code shutdown_pre}); nothing waits for them. */
    private final List<DeviceClass> deviceClasses = new CopyOnWriteArrayList<>();
    private final List<Driver> drivers = new ArrayList<>();
    private final List<DeviceLink> links = new ArrayList<>();
    /** Deferred devices, in the order they deferred (Linux's pending list). */
    private final LinkedHashSet<DeviceNode> deferred = new LinkedHashSet<>();
    private final List<DeviceListener> listeners = new CopyOnWriteArrayList<>();
    /**
     * While a batch is added: per consumer, the suppliers of its links that are not added yet. Batches nest
     * when a probe adds or links through the registry; the outermost one owns this map.
     */
    private Map<String, Set<String>> pendingSuppliers;
    /** While batches are added: their devices not appended yet and links not made yet, which nested requests respect. */
    private final Set<BatchCheck.Resolved> notYetAppended = new LinkedHashSet<>();
    private final Set<DeviceLink> notYetMade = new LinkedHashSet<>();
    /** The bundle each driver service comes from (absent outside OSGi). */
    private final Map<Driver, Long> driverBundles = new IdentityHashMap<>();
    /** Bundles whose drivers are leaving together. */
    private final Set<Long> leavingBundles = new HashSet<>();
    private volatile LongPredicate bundleLeaving = id -> false;
    /** device_block_probing(): set when shutdown starts. Read without the lock by isProbingBlocked(). */
    private volatile boolean probingBlocked;
    private boolean retryingDeferred;
    private boolean retryAgain;

    // ---------------------------------------------------------------- whiteboard

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindBusType(BusType busType) {
        locked(() -> {
            busTypes.add(busType);
            fire(DeviceEvent.Type.BUS_ADDED, busType.name(), null, "");
            if (busType(busType.name()) != busType) {
                LOG.warn("Bus type '{}' is already registered; the new one stands by", busType.name());
                return null;
            }
            LOG.info("Bus type '{}' registered", busType.name());
            for (DeviceNode n : listOrder()) {
                if (n.state() == DeviceState.WAITING_FOR_BUS && n.bus().get().equals(busType.name())) {
                    n.setState(DeviceState.UNBOUND, null);
                    tryBind(n);
                }
            }
            return null;
        });
    }

    public void unbindBusType(BusType busType) {
        locked(() -> {
            boolean wasActive = busType(busType.name()) == busType;
            if (!busTypes.removeIf(b -> b == busType)) {
                return null;
            }
            fire(DeviceEvent.Type.BUS_REMOVED, busType.name(), null, "");
            if (!wasActive) {
                return null;
            }
            LOG.info("Bus type '{}' unregistered", busType.name());
            List<DeviceNode> onBus = listOrder().stream().filter(n -> n.bus().equals(Optional.of(busType.name()))).toList();
            for (DeviceNode n : reversed(onBus)) {
                if (n.isAlive() && n.state() == DeviceState.BOUND) {
                    unbind(n);
                }
            }
            BusType standby = busType(busType.name());
            for (DeviceNode n : onBus) {
                if (!n.isAlive()) {
                    continue;
                }
                leavePending(n);
                if (standby == null) {
                    n.setState(DeviceState.WAITING_FOR_BUS, "bus type '" + busType.name() + "' is not registered");
                } else {
                    n.setState(DeviceState.UNBOUND, null);
                    tryBind(n);
                }
            }
            return null;
        });
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindDeviceClass(DeviceClass deviceClass) {
        deviceClasses.add(deviceClass);
        if (deviceClasses.stream().filter(c -> c.name().equals(deviceClass.name())).findFirst().orElse(null) != deviceClass) {
            LOG.warn("Device class '{}' is already registered; the new one stands by", deviceClass.name());
            return;
        }
        LOG.info("Device class '{}' registered", deviceClass.name());
    }

    public void unbindDeviceClass(DeviceClass deviceClass) {
        if (deviceClasses.removeIf(c -> c == deviceClass)) {
            LOG.info("Device class '{}' unregistered", deviceClass.name());
        }
    }

    /** The DS entry: a driver service with its properties, which name the bundle it comes from. */
    @Reference(name = "driver", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDriverService(Driver driver, Map<String, Object> properties) {
        locked(() -> {
            if (properties.get(Constants.SERVICE_BUNDLEID) instanceof Long bundleId) {
                driverBundles.put(driver, bundleId);
            }
            bindDriver(driver);
            return null;
        });
    }

    void unbindDriverService(Driver driver, Map<String, Object> properties) {
        unbindDriver(driver);
    }

    public void bindDriver(Driver driver) {
        locked(() -> {
            drivers.add(driver);
            fire(DeviceEvent.Type.DRIVER_ADDED, driver.bus(), driver.name(), "");
            if (activeDriver(driver.bus(), driver.name()) != driver) {
                LOG.warn("Driver '{}' is already registered on bus '{}'; the new one stands by", driver.name(), driver.bus());
                return null;
            }
            LOG.info("Driver '{}' registered on bus '{}'", driver.name(), driver.bus());
            attach(driver);
            return null;
        });
    }

    /** Linux's {@code driver_attach()}: every matching device without a driver, in list order. */
    private void attach(Driver driver) {
        for (DeviceNode n : listOrder()) {
            if (n.isAlive() && n.bus().equals(Optional.of(driver.bus())) && canProbe(n)
                    && activeDriver(driver.bus(), driver.name()) == driver) {
                BusType bus = busType(driver.bus());
                if (bus != null && matches(bus, n, driver)) {
                    probe(n, bus, driver);
                }
            }
        }
    }

    public void unbindDriver(Driver driver) {
        locked(() -> {
            unbindLeavingBundle(driver);
            boolean wasActive = activeDriver(driver.bus(), driver.name()) == driver;
            if (!drivers.removeIf(d -> d == driver)) {
                return null;
            }
            fire(DeviceEvent.Type.DRIVER_REMOVED, driver.bus(), driver.name(), "");
            Long bundle = driverBundles.remove(driver);
            if (bundle != null && !driverBundles.containsValue(bundle)) {
                leavingBundles.remove(bundle);
            }
            if (!wasActive) {
                return null;
            }
            LOG.info("Driver '{}' unregistered from bus '{}'", driver.name(), driver.bus());
            List<DeviceNode> boundToIt = listOrder().stream().filter(n -> n.boundDriver == driver).toList();
            for (DeviceNode n : reversed(boundToIt)) {
                if (n.boundDriver == driver) {
                    unbind(n);
                }
            }
            // A standby driver of the same name (an updated bundle racing its old self) takes over: it attaches
            // as a driver that has just arrived, so it also gets the devices the old one did not match or deferred.
            Driver standby = activeDriver(driver.bus(), driver.name());
            if (standby != null) {
                attach(standby);
            }
            for (DeviceNode n : boundToIt) {
                if (n.isAlive() && n.state() == DeviceState.UNBOUND) {
                    tryBind(n);
                }
            }
            // Devices this driver deferred would otherwise stay DEFERRED for a driver that is gone, with its old
            // reason: another driver (or the standby) may take them now; with none they become UNBOUND.
            for (DeviceNode n : listOrder()) {
                if (n.isAlive() && n.state() == DeviceState.DEFERRED && n.deferredBy == driver) {
                    tryBind(n);
                }
            }
            return null;
        });
    }

    /**
     * A bundle that stops (or is updated, or uninstalled) takes all its drivers away at once, but their
     * services leave one by one. The first to leave unbinds the devices of every driver of that bundle, in
     * reverse list order, so a hot-swap is one reverse walk; the others are not used meanwhile.
     */
    private void unbindLeavingBundle(Driver driver) {
        Long bundle = driverBundles.get(driver);
        if (bundle == null || leavingBundles.contains(bundle) || !bundleLeaving.test(bundle)) {
            return;
        }
        leavingBundles.add(bundle);
        List<DeviceNode> bound = listOrder().stream()
                .filter(n -> n.boundDriver != null && bundle.equals(driverBundles.get(n.boundDriver))).toList();
        LOG.info("Bundle {} is stopping: unbinding its {} devices in reverse list order", bundle, bound.size());
        for (DeviceNode n : reversed(bound)) {
            if (n.boundDriver != null && bundle.equals(driverBundles.get(n.boundDriver))) {
                unbind(n);
            }
        }
    }

    /** Whether the driver may bind: not while the bundle it comes from is leaving. */
    private boolean usable(Driver d) {
        Long bundle = driverBundles.get(d);
        return bundle == null || !leavingBundles.contains(bundle);
    }

    @Activate
    void activate(BundleContext context) {
        bundleLeaving = id -> {
            Bundle b = context.getBundle(id);
            return b != null && (b.getState() & (Bundle.STOPPING | Bundle.UNINSTALLED)) != 0;
        };
    }

    /** For tests: how to tell that a bundle is leaving. */
    void bundleLeaving(LongPredicate leaving) {
        this.bundleLeaving = leaving;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindListener(DeviceListener listener) {
        listeners.add(listener);
    }

    public void unbindListener(DeviceListener listener) {
        listeners.remove(listener);
    }

    // ---------------------------------------------------------------- DeviceRegistry

    @Override
    public List<Device> devices() {
        return locked(() -> List.copyOf(deviceList.values()));
    }

    @Override
    public Optional<Device> device(String path) {
        return locked(() -> Optional.ofNullable(deviceList.get(path)));
    }

    @Override
    public Device add(DeviceSpec spec) {
        return addAll(List.of(spec), List.of(), false).get(0);
    }

    @Override
    public void check(List<DeviceSpec> devices, List<DeviceLink> newLinks, boolean replace) {
        locked(() -> checkBatch(devices, newLinks, replace));
    }

    private List<BatchCheck.Resolved> checkBatch(List<DeviceSpec> devices, List<DeviceLink> newLinks, boolean replace) {
        BatchCheck check = replace ? new BatchCheck(Map.of(), List.of()) : new BatchCheck(deviceList, links);
        check.reserve(notYetAppended, notYetMade);
        List<BatchCheck.Resolved> resolved = check.check(devices, null);
        check.checkLinks(newLinks);
        return resolved;
    }

    @Override
    public List<Device> addAll(List<DeviceSpec> devices, List<DeviceLink> newLinks, boolean replace) {
        return locked(() -> {
            boolean nested = pendingSuppliers != null;
            if (replace && nested) {
                throw new RegistryException((String) null, "cannot replace every device while a batch is being added");
            }
            List<BatchCheck.Resolved> resolved = checkBatch(devices, newLinks, replace);
            // Checked: from here on nothing is refused.
            if (replace) {
                removeAll();
            }
            // As at boot: each device is probed as it is added (device_add → bus_probe_device), after the
            // links to devices already there are made; a consumer whose supplier comes later in the batch
            // defers until it is added and bound, as fw_devlink makes it.
            List<DeviceLink> linksToMake = new ArrayList<>(newLinks);
            if (!nested) {
                pendingSuppliers = new HashMap<>();
            }
            notYetAppended.addAll(resolved);
            notYetMade.addAll(newLinks);
            for (DeviceLink l : newLinks) {
                if (l.isManaged()) {
                    pendingSuppliers.computeIfAbsent(l.consumerPath(), k -> new LinkedHashSet<>()).add(l.supplierPath());
                }
            }
            try {
                List<DeviceNode> added = new ArrayList<>(resolved.size());
                for (BatchCheck.Resolved r : resolved) {
                    notYetAppended.remove(r);
                    DeviceNode n = append(r, null);
                    added.add(n);
                    makeLinksBetweenPresent(linksToMake);
                    if (n.isAlive() && canProbe(n)) {
                        tryBind(n);
                    }
                }
                makeLinksBetweenPresent(linksToMake);
                return List.<Device>copyOf(added);
            } finally {
                notYetAppended.removeAll(resolved);
                notYetMade.removeAll(newLinks);
                if (!nested) {
                    pendingSuppliers = null;
                }
            }
        });
    }

    private void makeLinksBetweenPresent(List<DeviceLink> linksToMake) {
        for (var it = linksToMake.iterator(); it.hasNext();) {
            DeviceLink l = it.next();
            if (deviceList.containsKey(l.supplierPath()) && deviceList.containsKey(l.consumerPath())) {
                it.remove();
                notYetMade.remove(l);
                Set<String> pending = pendingSuppliers.get(l.consumerPath());
                if (pending != null) {
                    pending.remove(l.supplierPath());
                }
                makeLink(l);
            }
        }
    }

    @Override
    public void remove(String path) {
        locked(() -> {
            DeviceNode n = deviceList.get(path);
            if (n == null) {
                throw new RegistryException(path, "no such device");
            }
            removeDevice(n);
            return null;
        });
    }

    @Override
    public void link(DeviceLink link) {
        addAll(List.of(), List.of(link), false);
    }

    @Override
    public void blockProbing() {
        locked(() -> {
            if (!probingBlocked) {
                probingBlocked = true;
                LOG.info("Probing blocked");
            }
            return null;
        });
    }

    @Override
    public void unblockProbing() {
        locked(() -> {
            if (!probingBlocked) {
                return null;
            }
            probingBlocked = false;
            LOG.info("Probing unblocked");
            for (DeviceNode n : listOrder()) {
                if (n.isAlive() && canProbe(n)) {
                    tryBind(n);
                }
            }
            return null;
        });
    }

    @Override
    public <T> T inspect(Supplier<T> reader) {
        return locked(reader);
    }

    @Override
    public boolean isProbingBlocked() {
        return probingBlocked;
    }

    @Override
    public List<DeviceLink> links() {
        return locked(() -> List.copyOf(links));
    }

    @Override
    public List<Driver> drivers() {
        return locked(() -> List.copyOf(drivers));
    }

    @Override
    public List<BusType> busTypes() {
        return locked(() -> List.copyOf(busTypes));
    }

    @Override
    public List<DeviceClass> deviceClasses() {
        return List.copyOf(deviceClasses);
    }

    // ---------------------------------------------------------------- list and links

    private DeviceNode append(BatchCheck.Resolved r, DeviceNode createdBy) {
        DeviceNode parent = r.parentPath() == null ? null : deviceList.get(r.parentPath());
        DeviceNode n = new DeviceNode(this, r.spec(), parent, createdBy);
        n.position = nextPosition++;
        deviceList.put(n.path(), n);
        if (parent != null) {
            parent.children.add(n);
        }
        if (createdBy != null) {
            createdBy.created.add(n);
        }
        if (n.bus().isPresent() && busType(n.bus().get()) == null) {
            n.setState(DeviceState.WAITING_FOR_BUS, "bus type '" + n.bus().get() + "' is not registered");
        } else {
            n.setState(DeviceState.UNBOUND, n.bus().isPresent() ? null : "no bus: a class or virtual device");
        }
        fire(DeviceEvent.Type.ADDED, n.path(), null, parent == null ? "" : "parent " + parent.path());
        return n;
    }

    private void makeLink(DeviceLink l) {
        DeviceNode supplier = deviceList.get(l.supplierPath());
        DeviceNode consumer = deviceList.get(l.consumerPath());
        links.add(l);
        supplier.consumerLinks.add(l);
        consumer.supplierLinks.add(l);
        fire(DeviceEvent.Type.LINKED, consumer.path(), null, "supplier " + supplier.path() + " " + l.flags());
        if (!l.isSyncStateOnly()) {
            reorderToTail(consumer);
        }
    }

    /** Linux's {@code device_reorder_to_tail()}: the device, then its children, then its consumers. */
    private void reorderToTail(DeviceNode n) {
        moveToTail(n);
        for (DeviceNode child : new ArrayList<>(n.children)) {
            reorderToTail(child);
        }
        for (DeviceLink l : new ArrayList<>(n.consumerLinks)) {
            if (!l.isSyncStateOnly()) {
                reorderToTail(deviceList.get(l.consumerPath()));
            }
        }
    }

    private void moveToTail(DeviceNode n) {
        deviceList.remove(n.path());
        deviceList.put(n.path(), n);
        n.position = nextPosition++;
        fire(DeviceEvent.Type.MOVED_TO_TAIL, n.path(), null, "");
    }

    // ---------------------------------------------------------------- binding

    private boolean canProbe(DeviceNode n) {
        DeviceState s = n.state();
        return !probingBlocked && n.bus().isPresent()
                && (s == DeviceState.UNBOUND || s == DeviceState.DEFERRED || s == DeviceState.PROBE_FAILED);
    }

    /** Matches the device against the drivers of its bus, in arrival order, until one binds or defers. */
    private void tryBind(DeviceNode n) {
        if (!canProbe(n)) {
            return;
        }
        BusType bus = busType(n.bus().get());
        if (bus == null) {
            n.setState(DeviceState.WAITING_FOR_BUS, "bus type '" + n.bus().get() + "' is not registered");
            return;
        }
        boolean matched = false;
        for (Driver d : List.copyOf(drivers)) {
            if (!d.bus().equals(bus.name()) || activeDriver(d.bus(), d.name()) != d || !matches(bus, n, d)) {
                continue;
            }
            matched = true;
            ProbeResult.Kind kind = probe(n, bus, d);
            if (kind != ProbeResult.Kind.FAILED) {
                return;
            }
        }
        if (!matched) {
            // A deferred device retried with no driver left for it leaves the pending list, as
            // deferred_probe_work_func() takes it off before bus_probe_device() finds nothing.
            leavePending(n);
            n.setState(DeviceState.UNBOUND, n.recordedDriver()
                    .map(r -> "driver '" + r + "' is not registered on bus '" + bus.name() + "'")
                    .orElse("no driver matches"));
        }
    }

    private boolean matches(BusType bus, DeviceNode n, Driver d) {
        if (n.recordedDriver().isPresent()) {
            // driver_override: that driver and no other.
            return n.recordedDriver().get().equals(d.name());
        }
        try {
            return bus.match(n, d);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // LinkageErrors too: a driver bundle may be being updated
            LOG.warn("Bus '{}' failed to match {} against driver '{}'", bus.name(), n.path(), d.name(), e);
            return false;
        }
    }

    /** Linux's {@code really_probe()}: suppliers first, then move to the tail, then the probe. */
    private ProbeResult.Kind probe(DeviceNode n, BusType bus, Driver d) {
        Set<String> notYetAdded = pendingSuppliers == null ? null : pendingSuppliers.get(n.path());
        if (notYetAdded != null && !notYetAdded.isEmpty()) {
            defer(n, d, "waiting for supplier " + notYetAdded.iterator().next() + ", not added yet");
            return ProbeResult.Kind.DEFERRED;
        }
        for (DeviceLink l : n.supplierLinks) {
            DeviceNode supplier = deviceList.get(l.supplierPath());
            if (l.isManaged() && supplier.state() != DeviceState.BOUND) {
                defer(n, d, "waiting for supplier " + supplier.path() + " to be bound");
                return ProbeResult.Kind.DEFERRED;
            }
        }
        moveToTail(n);
        n.setState(DeviceState.PROBING, null);
        fire(DeviceEvent.Type.PROBING, n.path(), d.name(), "");
        Context ctx = new Context(n);
        ProbeResult result;
        try {
            result = bus.probe(n, d, ctx);
            if (result == null) {
                result = ProbeResult.failed("probe returned no result");
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // LinkageErrors too: a driver bundle may be being updated under the probe
            LOG.warn("Driver '{}' threw in probe of {}", d.name(), n.path(), e);
            result = ProbeResult.failed("probe threw " + e);
        } finally {
            ctx.open = false;
        }
        switch (result.kind()) {
            case BOUND -> {
                n.bound(d, bus);
                leavePending(n);
                fire(DeviceEvent.Type.BOUND, n.path(), d.name(), "");
                LOG.debug("{} bound to driver '{}'", n.path(), d.name());
                probeSucceeded();
            }
            case DEFERRED -> {
                removeCreatedBy(n);
                defer(n, d, result.reason());
            }
            case FAILED -> {
                removeCreatedBy(n);
                n.unbound();
                leavePending(n);
                n.setState(DeviceState.PROBE_FAILED, "driver '" + d.name() + "': " + result.reason());
                fire(DeviceEvent.Type.PROBE_FAILED, n.path(), d.name(), result.reason());
                LOG.warn("Probe of {} by driver '{}' failed: {}", n.path(), d.name(), result.reason());
            }
        }
        return result.kind();
    }

    /** The paths on the pending list, in the order they deferred (debugfs {@code devices_deferred}); for tests. */
    List<String> pendingList() {
        return locked(() -> deferred.stream().map(DeviceNode::path).toList());
    }

    /** Takes the device off the pending list (Linux's deferred_probe_pending_list). */
    private void leavePending(DeviceNode n) {
        deferred.remove(n);
        n.deferredBy = null;
    }

    private void defer(DeviceNode n, Driver d, String reason) {
        n.unbound();
        n.deferredBy = d;
        n.setState(DeviceState.DEFERRED, reason);
        deferred.add(n);
        fire(DeviceEvent.Type.DEFERRED, n.path(), d == null ? null : d.name(), reason);
        LOG.debug("{} deferred: {}", n.path(), reason);
    }

    /** A probe succeeded: retry every deferred device, again and again while any of them binds. */
    private void probeSucceeded() {
        if (retryingDeferred) {
            retryAgain = true;
            return;
        }
        retryingDeferred = true;
        try {
            do {
                retryAgain = false;
                for (DeviceNode n : new ArrayList<>(deferred)) {
                    if (n.isAlive() && n.state() == DeviceState.DEFERRED) {
                        // deferred_probe_work_func(): device_pm_move_to_tail() reorders the device, its
                        // children and consumers to the tail before the retry.
                        reorderToTail(n);
                        tryBind(n);
                    }
                }
            } while (retryAgain);
        } finally {
            retryingDeferred = false;
        }
    }

    /**
     * Unbinds a bound device: its managed consumers first (they wait, deferred, for the supplier to come
     * back), then what its driver created in probe, then the bus's or driver's remove.
     */
    private void unbind(DeviceNode n) {
        Driver d = n.boundDriver;
        BusType bus = n.boundBus;
        List<DeviceNode> consumers = new ArrayList<>();
        for (DeviceLink l : n.consumerLinks) {
            DeviceNode c = deviceList.get(l.consumerPath());
            if (l.isManaged() && c.state() == DeviceState.BOUND) {
                consumers.add(c);
            }
        }
        for (DeviceNode c : reversed(consumers)) {
            if (c.state() == DeviceState.BOUND) {
                // The consumer's own driver waits for the supplier again: if that driver leaves meanwhile, the
                // consumer is retried (and ends UNBOUND) like any device the driver deferred.
                Driver consumerDriver = c.boundDriver;
                unbind(c);
                defer(c, consumerDriver, "supplier " + n.path() + " was unbound");
            }
        }
        removeCreatedBy(n);
        try {
            bus.remove(n, d);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.warn("Driver '{}' threw in remove of {}", d.name(), n.path(), e);
        }
        n.unbound();
        n.setState(DeviceState.UNBOUND, "driver '" + d.name() + "' was unbound");
        fire(DeviceEvent.Type.UNBOUND, n.path(), d.name(), "");
        LOG.debug("{} unbound from driver '{}'", n.path(), d.name());
    }

    private void removeCreatedBy(DeviceNode creator) {
        for (DeviceNode n : reversed(creator.created)) {
            removeDevice(n);
        }
    }

    // ---------------------------------------------------------------- removal

    /** Children first in reverse list order, then consumers that go with their supplier, then the device. */
    private void removeDevice(DeviceNode n) {
        if (!n.isAlive()) {
            return;
        }
        for (DeviceNode child : reversed(n.children)) {
            removeDevice(child);
        }
        List<DeviceNode> dependentConsumers = new ArrayList<>();
        for (DeviceLink l : n.consumerLinks) {
            if (l.flags().contains(LinkFlag.REMOVE_CONSUMER_WITH_SUPPLIER)) {
                dependentConsumers.add(deviceList.get(l.consumerPath()));
            }
        }
        for (DeviceNode c : reversed(dependentConsumers)) {
            removeDevice(c);
        }
        if (n.state() == DeviceState.BOUND) {
            unbind(n);
        }
        for (DeviceLink l : List.copyOf(n.supplierLinks)) {
            deviceList.get(l.supplierPath()).consumerLinks.remove(l);
            links.remove(l);
        }
        for (DeviceLink l : List.copyOf(n.consumerLinks)) {
            deviceList.get(l.consumerPath()).supplierLinks.remove(l);
            links.remove(l);
        }
        n.supplierLinks.clear();
        n.consumerLinks.clear();
        deviceList.remove(n.path());
        if (n.parentNode() != null) {
            n.parentNode().children.remove(n);
        }
        if (n.createdBy != null) {
            n.createdBy.created.remove(n);
        }
        leavePending(n);
        n.setState(DeviceState.REMOVED, null);
        fire(DeviceEvent.Type.REMOVED, n.path(), null, "");
    }

    private void removeAll() {
        List<DeviceNode> roots = listOrder().stream().filter(n -> n.parentNode() == null).toList();
        for (DeviceNode root : reversed(roots)) {
            removeDevice(root);
        }
    }

    // ---------------------------------------------------------------- helpers

    <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private List<DeviceNode> listOrder() {
        return new ArrayList<>(deviceList.values());
    }

    /** A copy in reverse list order, so that the walk may remove what it visits. */
    private static List<DeviceNode> reversed(List<DeviceNode> nodes) {
        List<DeviceNode> r = new ArrayList<>(nodes);
        r.sort(DeviceNode.LIST_ORDER.reversed());
        return r;
    }

    private BusType busType(String name) {
        for (BusType b : busTypes) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        return null;
    }

    /** The first registered driver of that name on that bus, unless its bundle is leaving; later ones stand by. */
    private Driver activeDriver(String bus, String name) {
        for (Driver d : drivers) {
            if (d.bus().equals(bus) && d.name().equals(name) && usable(d)) {
                return d;
            }
        }
        return null;
    }

    private void fire(DeviceEvent.Type type, String path, String driver, String detail) {
        DeviceEvent event = new DeviceEvent(type, path, Optional.ofNullable(driver), detail);
        for (DeviceListener l : listeners) {
            try {
                l.deviceEvent(event);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                LOG.warn("Device listener {} threw on {}", l, event, e);
            }
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
            if (!open || !lock.isHeldByCurrentThread()) {
                throw new IllegalStateException("addChild is only allowed on the probe's thread while "
                        + device.path() + " is being probed");
            }
            BatchCheck check = new BatchCheck(deviceList, links);
            check.reserve(notYetAppended, notYetMade);
            BatchCheck.Resolved r = check.check(List.of(spec), device.path()).get(0);
            DeviceNode child = append(r, device);
            tryBind(child);
            return child;
        }
    }
}
