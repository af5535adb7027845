package org.drivercore.api;

/**
 * Where a managed {@link DeviceLink} stands, Linux's {@code enum device_link_state}: it follows the drivers of its
 * two ends. A stateless link has none ({@link #NONE}).
 */
public enum LinkState {
    /** Not tracked: a stateless link. */
    NONE,
    /** Neither driver is there (or the supplier's is not). */
    DORMANT,
    /** The supplier is bound; the consumer is not (yet). */
    AVAILABLE,
    /** The consumer is probing. */
    CONSUMER_PROBE,
    /** Both are bound. */
    ACTIVE,
    /** The supplier is unbinding: its consumers are unbound first. */
    SUPPLIER_UNBIND
}
