package org.drivercore.api;

import java.util.List;
import java.util.Optional;

/**
 * The device registry with Linux's rules, the emulated {@code devices_kset}. Thread-safe: devices may be
 * added while bus types and drivers come and go on other threads.
 *
 * <ul>
 * <li>Adding appends to the device list ({@code device_add()}); the parent must exist and not be removed. Probing
 * does not move a device (since Linux 4.18).</li>
 * <li>A device is matched against the drivers of its bus in arrival order; a driver that arrives binds its bus's
 * devices in their add order ({@code driver_attach()}), and one that leaves unbinds them in reverse bind order
 * ({@code driver_detach()}).</li>
 * <li>A new link (not sync-state-only) moves the consumer, its children and its own consumers to the tail
 * ({@code device_reorder_to_tail()}); a link that would make a device depend on its own dependent is refused with
 * the cycle named. Links have Linux's flags, states and lifetimes.</li>
 * <li>A deferred probe is retried from the deferred-probe work once a probe succeeds, after the boot's late phase,
 * each device moved to the tail first ({@code deferred_probe_work_func()}).</li>
 * <li>Removing a device removes its children first, in reverse list order.</li>
 * </ul>
 */
@org.osgi.annotation.versioning.ProviderType
public interface DeviceRegistry {

    /** The device list, in order (a snapshot). */
    List<Device> devices();

    Optional<Device> device(String path);

    /** Adds one device and probes it if a driver matches. */
    Device add(DeviceSpec spec);

    /**
     * Binds the device to the driver of that name, as writing the device's name to
     * {@code /sys/bus/BUS/drivers/DRIVER/bind} ({@code bind_store()}): the device must have no driver and the bus must
     * match the two (a driver_override wins); the probe runs now.
     *
     * @return the device, bound
     * @throws RegistryException naming why, with Linux's errno where there is one; a probe that fails leaves the
     *         device probe-failed, one that defers is EAGAIN and is not retried (a device that was on the deferred
     *         list already stays there), as in Linux
     * @since 2.3
     */
    Device bind(String path, String driver);

    /**
     * Unbinds the device from its driver, as writing its name to {@code /sys/bus/BUS/drivers/DRIVER/unbind}
     * ({@code unbind_store()}): its managed consumers are unbound first, what its probe created is removed.
     *
     * @param driver the driver it must be bound to, or null for whichever it is
     * @since 2.3
     */
    Device unbind(String path, String driver);

    /**
     * Sets or clears the device's driver_override (the recorded driver): only that driver matches it from now on.
     * Nothing is probed (a bind or a rescan does).
     *
     * @since 2.3
     */
    Device setDriverOverride(String path, Optional<String> driver);

    /**
     * Offers every device of the bus (empty: of every bus) that has no driver to the drivers again, as
     * {@code bus_rescan_devices()}; returns those that bound.
     *
     * @since 2.3
     */
    List<Device> rescan(Optional<String> bus);

    /**
     * Adds devices and links all or nothing: everything is checked first, and on any error nothing is
     * added. The devices are appended in the given order (a parent before its children) and each is probed as
     * it is appended, as at boot; a link is made as soon as both its ends are there. A consumer whose supplier
     * comes later in the batch defers until the supplier is added and bound. What a probe adds or links
     * meanwhile may not take a path, a bus name or a link of the batch, nor close a cycle with its links.
     *
     * @param replace whether to remove every current device first (roots in reverse list order, each with its
     *                children first); the check is
     *                then made against an empty registry, and on error nothing is removed either
     * @return the added devices in the given order
     */
    List<Device> addAll(List<DeviceSpec> devices, List<DeviceLink> links, boolean replace);

    /**
     * Adds devices and links as a boot does, all or nothing (checked as {@link #addAll} checks): the devices
     * enumerate in the given order with no driver bound and the links are made; then the registered drivers attach in
     * the order they would register, by {@link Driver#initcall()} level, within a level in the given driver order
     * (names; drivers not named come after, in arrival order), each binding its bus's devices in add order; a driver
     * that prefers asynchronous probing probes from async work, after the synchronous probes; finally, at the late
     * phase, deferred probes are enabled and retried. After it, devices that are added probe at once (hot-plug).
     *
     * @param driverOrder the order in which the machine's drivers register within an initcall level
     * @return the added devices in the given order
     */
    List<Device> boot(List<DeviceSpec> devices, List<DeviceLink> links, boolean replace, List<String> driverOrder);

    /**
     * Checks what {@link #addAll(List, List, boolean)} would check, and changes nothing: throws the same
     * {@link RegistryException} it would throw.
     */
    void check(List<DeviceSpec> devices, List<DeviceLink> links, boolean replace);

    /** Removes the device, its children first in reverse list order, unbinding each. */
    void remove(String path);

    /**
     * Makes a device link, as {@code device_link_add()}: a link that exists already for that supplier and consumer
     * is returned, its flags merged as Linux merges them.
     *
     * @return the link as it is now
     * @throws RegistryException for a link Linux refuses (flags that do not go together, the supplier depending on
     *                           the consumer, a sync-state-only link to a bound consumer), naming why
     */
    DeviceLink link(DeviceLink link);

    /**
     * Runs a device's shutdown with the device locked, as {@code device_shutdown()} holds {@code device_lock()}: an
     * unbind or removal of the device waits until the shutdown's stage completes. A device removed before its turn is
     * not shut down: its stage completes at once (v18 completes a dead device's completion).
     *
     * @param shutdown starts the device's shutdown work
     */
    java.util.concurrent.CompletionStage<Void> shutdownLocked(Device device,
            java.util.function.Supplier<java.util.concurrent.CompletionStage<Void>> shutdown);

    /**
     * Blocks probing, as {@code device_block_probing()} before {@code device_shutdown()}: returns once a probe
     * in progress has ended; from then on devices that are added are registered but not probed, and nothing
     * binds, until {@link #unblockProbing()}.
     */
    void blockProbing();

    /** Lets probing go on and retries every device left unbound or deferred meanwhile, in list order. */
    void unblockProbing();

    /** Whether probing is blocked. */
    boolean isProbingBlocked();

    /**
     * Runs the reader with the registry locked, so that everything it reads through the registry belongs to
     * one state (a shutdown graph is taken so). The reader must be quick and must not wait for other threads.
     */
    <T> T inspect(java.util.function.Supplier<T> reader);

    /** Every link, in creation order. */
    List<DeviceLink> links();

    /** The registered drivers, in arrival order. */
    List<Driver> drivers();

    /**
     * Whether the driver is the one that binds for its name on its bus. Of several drivers with one name, the one with
     * the highest service ranking binds (a driver bundle's ranks 0, the modelled driver's
     * {@link ModelledProfile#FALLBACK_RANKING}); of equal rankings, the first to arrive; a driver whose bundle is
     * leaving does not. The others stand by, and one takes over when the active one leaves.
     */
    boolean isActive(Driver driver);

    /** The driver's service ranking (0 outside OSGi, or when the service has none). */
    int ranking(Driver driver);

    /** The registered bus types, in arrival order. */
    List<BusType> busTypes();

    /** The registered device classes, in arrival order. */
    List<DeviceClass> deviceClasses();
}
