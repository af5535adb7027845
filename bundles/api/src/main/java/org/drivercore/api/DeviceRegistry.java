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
public interface DeviceRegistry {

    /** The device list, in order (a snapshot). */
    List<Device> devices();

    Optional<Device> device(String path);

    /** Adds one device and probes it if a driver matches. */
    Device add(DeviceSpec spec);

    /**
     * Adds devices and links all or nothing: everything is checked first, and on any error nothing is
     * added. The devices are appended in the given order (a parent before its children), the links made,
     * then every new device is probed in list order.
     *
     * @param replace whether to remove every current device first (in reverse list order); the check is
     *                then made against an empty registry, and on error nothing is removed either
     * @return the added devices in the given order
     */
    List<Device> addAll(List<DeviceSpec> devices, List<DeviceLink> links, boolean replace);

    /** Removes the device, its children first in reverse list order, unbinding each. */
    void remove(String path);

    /** Makes a device link. */
    void link(DeviceLink link);

    /** Every link, in creation order. */
    List<DeviceLink> links();

    /** The registered drivers, in arrival order. */
    List<Driver> drivers();

    /** The registered bus types, in arrival order. */
    List<BusType> busTypes();
}
