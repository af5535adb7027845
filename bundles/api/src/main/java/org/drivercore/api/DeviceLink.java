package org.drivercore.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A device link: the consumer depends on the supplier, so it probes after the supplier is bound and
 * shuts down before the supplier does.
 *
 * @param supplierPath the supplier's device path
 * @param consumerPath the consumer's device path
 * @param flags        the link's flags
 */
public record DeviceLink(String supplierPath, String consumerPath, Set<LinkFlag> flags) {

    public DeviceLink {
        Objects.requireNonNull(supplierPath, "supplierPath");
        Objects.requireNonNull(consumerPath, "consumerPath");
        flags = flags == null || flags.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(LinkFlag.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    }

    public static DeviceLink of(String supplierPath, String consumerPath, LinkFlag... flags) {
        return new DeviceLink(supplierPath, consumerPath, flags.length == 0 ? Set.of() : EnumSet.of(flags[0], flags));
    }

    public boolean isSyncStateOnly() {
        return flags.contains(LinkFlag.SYNC_STATE_ONLY);
    }

    /** Whether the driver core manages probe and unbind along this link. */
    public boolean isManaged() {
        return !flags.contains(LinkFlag.SYNC_STATE_ONLY) && !flags.contains(LinkFlag.STATELESS);
    }

    @Override
    public String toString() {
        return supplierPath + " -> " + consumerPath + (flags.isEmpty() ? "" : " " + flags);
    }
}
