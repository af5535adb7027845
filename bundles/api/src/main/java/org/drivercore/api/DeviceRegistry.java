package org.drivercore.api;

import java.util.List;
import java.util.Optional;

/**
 * The device registry with Linux's rules, the emulated {@code devices_kset}. Thread-safe: devices may be
 * added while bus types and drivers come and go on other threads.
 *
 * <ul>
 * <li>Adding appends to the device list; the parent must exist and not be removed.</li>
 * <li>A device is matched against the drivers of its bus in arrival order; it moves to the tail of the
 * list just before its probe runs ({@code devices_kset_move_last}).</li>
 * <li>A new link (not sync-state-only) moves the consumer, its descendants and its own consumers to the
 * tail ({@code device_reorder_to_tail}); a link that would close a cycle is refused with the cycle named.</li>
 * <li>A deferred probe is retried after any successful probe.</li>
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
     * Checks what {@link #addAll(List, List, boolean)} would check, and changes nothing: throws the same
     * {@link RegistryException} it would throw.
     */
    void check(List<DeviceSpec> devices, List<DeviceLink> links, boolean replace);

    /** Removes the device, its children first in reverse list order, unbinding each. */
    void remove(String path);

    /** Makes a device link. */
    void link(DeviceLink link);

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

    /** The registered bus types, in arrival order. */
    List<BusType> busTypes();

    /** The registered device classes, in arrival order. */
    List<DeviceClass> deviceClasses();
}
