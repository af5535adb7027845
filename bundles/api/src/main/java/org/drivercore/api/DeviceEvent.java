package org.drivercore.api;

import java.util.Optional;

/**
 * Something that happened in the registry, delivered to every {@link DeviceListener} in the order it
 * happened.
 *
 * @param type   what happened
 * @param path   the device (for link events: the consumer)
 * @param driver the driver involved, if any
 * @param detail a human-readable detail (a defer reason, the supplier of a link)
 */
public record DeviceEvent(Type type, String path, Optional<String> driver, String detail) {

    /** Kinds of registry events. */
    public enum Type {
        ADDED, MOVED_TO_TAIL, PROBING, BOUND, DEFERRED, PROBE_FAILED, UNBOUND, REMOVED, LINKED, UNLINKED, DRIVER_ADDED,
        DRIVER_REMOVED, BUS_ADDED, BUS_REMOVED
    }

    @Override
    public String toString() {
        return type + " " + path + driver.map(d -> " [" + d + "]").orElse("") + (detail.isEmpty() ? "" : " " + detail);
    }
}
