package org.drivercore.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
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
import org.drivercore.api.RegistryException;
import org.drivercore.common.callout.Callouts;
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
 * The device registry: Linux's {@code devices_kset} with driver binding, deferred probe and device links. Bus
 * types, device classes, drivers and listeners are whiteboard services.
 *
 * <p><b>One lock.</b> One reentrant lock guards all state, as the kernel's device lock serialises probe and
 * removal: every public method takes it through {@link #locked}, and the helpers it owns ({@link DeviceList},
 * {@link DriverTable}, {@link DeferredProbe}, {@link Binding}) are only called with it held. Driver callbacks
 * run under it, so a probe in progress is waited for by anyone who wants the registry.
 */
@Component(service = DeviceRegistry.class, immediate = true)
public final class DeviceCore implements DeviceRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceCore.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Events events = new Events();
    private final DeviceList list = new DeviceList(events);
    private final DriverTable drivers = new DriverTable();
    private final DeferredProbe deferred = new DeferredProbe(events);
    private final Links links = new Links(list, deferred, events);
    private final Binding binding = new Binding(this, list, drivers, deferred, links, events);
    private final List<BusType> busTypes = new ArrayList<>();
    /** Device classes only matter at shutdown ({@code shutdown_pre}); nothing waits for them. */
    private final List<DeviceClass> deviceClasses = new CopyOnWriteArrayList<>();
    private final Registrations registrations = new Registrations(this, list, binding, deferred, links, drivers, events);
    private final SysfsControl sysfs = new SysfsControl(this, list, drivers, binding, deferred);
    private final DeviceLocks deviceLocks = new DeviceLocks(this, lock.newCondition());
    /** device_block_probing(): set when shutdown starts. Read without the lock by isProbingBlocked(). */
    private volatile boolean probingBlocked;

    // ---------------------------------------------------------------- whiteboard

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindBusType(BusType busType) {
        locked(() -> {
            busTypes.add(busType);
            events.fire(DeviceEvent.Type.BUS_ADDED, busType.name(), null, "");
            if (busType(busType.name()) != busType) {
                LOG.warn("Bus type '{}' is already registered; the new one stands by", busType.name());
                return;
            }
            LOG.info("Bus type '{}' registered", busType.name());
            list.inOrder().forEach(this::flagAsyncShutdown);
            for (DeviceNode n : list.inOrder()) {
                if (n.state() == DeviceState.WAITING_FOR_BUS && n.bus().get().equals(busType.name())) {
                    n.setState(DeviceState.UNBOUND, null);
                    binding.tryBind(n);
                }
            }
        });
    }

    void unbindBusType(BusType busType) {
        locked(() -> {
            boolean wasActive = busType(busType.name()) == busType;
            if (!busTypes.removeIf(b -> b == busType)) {
                return;
            }
            events.fire(DeviceEvent.Type.BUS_REMOVED, busType.name(), null, "");
            if (!wasActive) {
                return;
            }
            LOG.info("Bus type '{}' unregistered", busType.name());
            List<DeviceNode> onBus = list.inOrder().stream().filter(n -> n.bus().equals(Optional.of(busType.name()))).toList();
            for (DeviceNode n : DeviceList.reversed(onBus)) {
                if (n.isAlive() && n.state() == DeviceState.BOUND) {
                    binding.unbind(n);
                }
                // The bus's shutdown hook runs for unbound devices too: its bundle's code must be done with them.
                awaitShutdownDone(n);
            }
            BusType standby = busType(busType.name());
            for (DeviceNode n : onBus) {
                if (!n.isAlive()) {
                    continue;
                }
                deferred.remove(n);
                if (standby == null) {
                    n.setState(DeviceState.WAITING_FOR_BUS, "bus type '" + busType.name() + "' is not registered");
                } else {
                    n.setState(DeviceState.UNBOUND, null);
                    binding.tryBind(n);
                }
            }
        });
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDeviceClass(DeviceClass deviceClass) {
        deviceClasses.add(deviceClass);
        if (deviceClasses.stream().filter(c -> c.name().equals(deviceClass.name())).findFirst().orElse(null) != deviceClass) {
            LOG.warn("Device class '{}' is already registered; the new one stands by", deviceClass.name());
            return;
        }
        LOG.info("Device class '{}' registered", deviceClass.name());
    }

    void unbindDeviceClass(DeviceClass deviceClass) {
        locked(() -> {
            if (deviceClasses.removeIf(c -> c == deviceClass)) {
                LOG.info("Device class '{}' unregistered", deviceClass.name());
                // A running shutdown_pre of the class ends before its bundle goes on stopping.
                for (DeviceNode n : list.inOrder()) {
                    if (n.deviceClass().equals(Optional.of(deviceClass.name()))) {
                        awaitShutdownDone(n);
                    }
                }
            }
        });
    }

    /** The DS entry: a driver service with its properties, which name the bundle it comes from. */
    @Reference(name = "driver", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDriverService(Driver driver, Map<String, Object> properties) {
        addDriver(driver, properties.get(Constants.SERVICE_BUNDLEID) instanceof Long id ? id : null,
                properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0);
    }

    void unbindDriverService(Driver driver, Map<String, Object> properties) {
        unbindDriver(driver);
    }

    /** A driver outside OSGi (tests): it comes from no bundle. */
    void bindDriver(Driver driver) {
        addDriver(driver, null, 0);
    }

    /** A driver outside OSGi with a service ranking (tests). */
    void bindDriver(Driver driver, int ranking) {
        addDriver(driver, null, ranking);
    }

    private void addDriver(Driver driver, Long bundleId, int ranking) {
        locked(() -> {
            Driver before = drivers.active(driver.bus(), driver.name());
            drivers.add(driver, bundleId, ranking);
            events.fire(DeviceEvent.Type.DRIVER_ADDED, driver.bus(), driver.name(), "");
            if (!drivers.isActive(driver)) {
                LOG.info("Driver '{}' (ranking {}) stands by on bus '{}' behind {}", driver.name(), ranking, driver.bus(),
                        before);
                return;
            }
            if (before != null) {
                // A driver of higher ranking takes over: the one it replaces detaches as driver_unregister() would.
                LOG.info("Driver '{}' on bus '{}': {} (ranking {}) takes over from {}", driver.name(), driver.bus(), driver,
                        ranking, before);
                binding.detach(list.inOrder().stream().filter(n -> n.boundDriver == before).toList());
            } else {
                LOG.info("Driver '{}' registered on bus '{}'", driver.name(), driver.bus());
            }
            binding.attach(driver);
        });
    }

    void unbindDriver(Driver driver) {
        locked(() -> {
            unbindLeavingBundle(driver);
            boolean wasActive = drivers.isActive(driver);
            if (!drivers.remove(driver)) {
                return;
            }
            events.fire(DeviceEvent.Type.DRIVER_REMOVED, driver.bus(), driver.name(), "");
            if (!wasActive) {
                return;
            }
            LOG.info("Driver '{}' unregistered from bus '{}'", driver.name(), driver.bus());
            binding.detach(list.inOrder().stream().filter(n -> n.boundDriver == driver).toList());
            // A standby driver of the same name (an updated bundle racing its old self) takes over: it registers as a
            // driver that has just arrived (driver_attach). Devices the old one deferred stay on the deferred list,
            // as in Linux, until the next trigger retries them.
            Driver standby = drivers.active(driver.bus(), driver.name());
            if (standby != null) {
                binding.attach(standby);
            }
        });
    }

    /**
     * A bundle that stops (or is updated, or uninstalled) takes all its drivers away at once, but their
     * services leave one by one. The first to leave unbinds the devices of every driver of that bundle, in
     * reverse bind order, as {@code driver_detach()} does for one driver; the others are not used meanwhile.
     */
    private void unbindLeavingBundle(Driver driver) {
        Long bundle = drivers.startLeaving(driver);
        if (bundle == null) {
            return;
        }
        List<DeviceNode> bound = list.inOrder().stream().filter(n -> drivers.from(n.boundDriver, bundle)).toList();
        LOG.info("Bundle {} is stopping: unbinding its {} devices in reverse bind order", bundle, bound.size());
        binding.detach(bound);
    }

    @Activate
    void activate(BundleContext context) {
        drivers.bundleLeaving(id -> {
            Bundle b = context.getBundle(id);
            return b != null && (b.getState() & (Bundle.STOPPING | Bundle.UNINSTALLED)) != 0;
        });
    }

    /** For tests: how to tell that a bundle is leaving. */
    void bundleLeaving(LongPredicate leaving) {
        drivers.bundleLeaving(leaving);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindListener(DeviceListener listener) {
        events.add(listener);
    }

    void unbindListener(DeviceListener listener) {
        events.remove(listener);
    }

    // ---------------------------------------------------------------- DeviceRegistry

    @Override
    public List<Device> devices() {
        return locked(() -> List.<Device>copyOf(list.byPath().values()));
    }

    @Override
    public Optional<Device> device(String path) {
        return locked(() -> Optional.ofNullable(list.get(path)));
    }

    @Override
    public Device add(DeviceSpec spec) {
        return addAll(List.of(spec), List.of(), false).get(0);
    }

    @Override
    public void check(List<DeviceSpec> devices, List<DeviceLink> newLinks, boolean replace) {
        locked(() -> registrations.check(devices, newLinks, replace));
    }

    @Override
    public List<Device> addAll(List<DeviceSpec> devices, List<DeviceLink> newLinks, boolean replace) {
        return locked(() -> registrations.addAll(devices, newLinks, replace));
    }

    @Override
    public List<Device> boot(List<DeviceSpec> devices, List<DeviceLink> newLinks, boolean replace, List<String> driverOrder) {
        return locked(() -> registrations.boot(devices, newLinks, replace, List.copyOf(driverOrder)));
    }

    @Override
    public void remove(String path) {
        locked(() -> registrations.remove(path));
    }

    @Override
    public Device bind(String path, String driver) {
        return locked(() -> sysfs.bind(path, driver));
    }

    @Override
    public Device unbind(String path, String driver) {
        return locked(() -> sysfs.unbind(path, driver));
    }

    @Override
    public Device setDriverOverride(String path, Optional<String> driver) {
        return locked(() -> sysfs.setDriverOverride(path, driver));
    }

    @Override
    public List<Device> rescan(Optional<String> bus) {
        return locked(() -> sysfs.rescan(bus));
    }

    @Override
    public DeviceLink link(DeviceLink link) {
        return locked(() -> registrations.link(link));
    }

    @Override
    public CompletionStage<Void> shutdownLocked(Device device, Supplier<CompletionStage<Void>> shutdown) {
        return deviceLocks.shutdownLocked(device, shutdown);
    }

    /** Waits until no shutdown runs on the device ({@link DeviceLocks}); called with the registry locked. */
    void awaitShutdownDone(DeviceNode n) {
        deviceLocks.awaitShutdownDone(n);
    }

    /** Refuses an unbind or removal that would wait for a shutdown this thread started ({@link DeviceLocks}). */
    void refuseWaitForOwnShutdown(DeviceNode n, boolean removal) {
        deviceLocks.refuseWaitForOwnShutdown(n, removal);
    }

    @Override
    public void blockProbing() {
        locked(() -> {
            if (!probingBlocked) {
                probingBlocked = true;
                LOG.info("Probing blocked");
            }
        });
    }

    @Override
    public void unblockProbing() {
        locked(() -> {
            if (!probingBlocked) {
                return;
            }
            probingBlocked = false;
            LOG.info("Probing unblocked");
            for (DeviceNode n : list.inOrder()) {
                if (n.isAlive() && binding.canProbe(n)) {
                    binding.tryBind(n);
                }
            }
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
        return locked(links::snapshot);
    }

    @Override
    public List<Driver> drivers() {
        return locked(drivers::all);
    }

    @Override
    public boolean isActive(Driver driver) {
        return locked(() -> drivers.isActive(driver));
    }

    @Override
    public int ranking(Driver driver) {
        return locked(() -> drivers.ranking(driver));
    }

    @Override
    public List<BusType> busTypes() {
        return locked(() -> List.copyOf(busTypes));
    }

    @Override
    public List<DeviceClass> deviceClasses() {
        return List.copyOf(deviceClasses);
    }

    /** The paths on the deferred lists, pending then active (debugfs {@code devices_deferred}); for tests. */
    List<String> pendingList() {
        return locked(deferred::paths);
    }

    // ---------------------------------------------------------------- the lock and lookups

    /**
     * Runs the action with the registry locked: the only way in for anything that reads or changes state. When the
     * outermost action ends, the work it queued runs before the lock is given up: async probes and the
     * deferred-probe work, as the kernel's workers would run them next.
     */
    <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            T result = action.get();
            if (lock.getHoldCount() == 1) {
                drainWork();
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** {@link #locked(Supplier)} for an action without a result. */
    void locked(Runnable action) {
        locked(() -> {
            action.run();
            return null;
        });
    }

    /** Runs the queued work (async probes, then the deferred-probe work) until none is left. */
    void drainWork() {
        while (binding.hasAsyncProbes() || deferred.hasWork()) {
            binding.runAsyncProbes();
            // deferred_probe_work_func(): device_pm_move_to_tail(), then bus_probe_device().
            deferred.runWork(retried -> {
                list.reorderToTail(retried);
                binding.tryBind(retried);
            });
        }
    }

    /** v18's {@code dev_set_async_shutdown()}: the bus type that claims the device's subsystem flags it, for good. */
    void flagAsyncShutdown(DeviceNode n) {
        if (n.subsystemAsyncShutdown) {
            return;
        }
        for (BusType b : busTypes) {
            boolean claims = n.bus().map(b.name()::equals).orElse(true);
            if (claims && Callouts.call(() -> b.flagsAsyncShutdown(n), e -> false)) {
                n.subsystemAsyncShutdown = true;
                return;
            }
        }
    }

    boolean isLockedByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /** The first registered bus type of that name; later ones stand by. */
    BusType busType(String name) {
        for (BusType b : busTypes) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        return null;
    }

    /** While a batch is added: the suppliers of the device's links that are not added yet, else null. */
    Set<String> suppliersNotYetAdded(String path) {
        return registrations.suppliersNotYetAdded(path);
    }

    DeviceNode appendCreated(DeviceSpec spec, DeviceNode creator) {
        return registrations.appendCreated(spec, creator);
    }

    void removeDevice(DeviceNode n) {
        registrations.removeDevice(n);
    }
}
