package org.drivercore.api;

/** Where a device stands in its life in the registry. */
public enum DeviceState {
    /** On a bus whose bus type is not registered (yet); it is matched when the bus type arrives. */
    WAITING_FOR_BUS,
    /** No driver bound: none matches, or the device has no bus (class and virtual devices). */
    UNBOUND,
    /** A driver's probe is running. */
    PROBING,
    /** A driver is bound. */
    BOUND,
    /** The last probe said "defer"; it is retried after any successful probe. */
    DEFERRED,
    /** Every matching driver's probe failed. */
    PROBE_FAILED,
    /** Removed from the registry; a handle kept after removal reports this. */
    REMOVED
}
