package org.drivercore.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A device link: the consumer depends on the supplier, so it shuts down before the supplier does (unless the link
 * only exists for sync-state) and, for a managed link, probes after the supplier is bound. As a request
 * ({@link DeviceRegistry#link}, a machine file) it has the flags asked for and no state; as the registry shows it,
 * the flags the link has now ({@link LinkFlag#MANAGED} included) and its {@link LinkState}.
 *
 * @param supplierPath the supplier's device path
 * @param consumerPath the consumer's device path
 * @param flags        the link's flags
 * @param state        the link's state in the registry, or null for a request
 */
public record DeviceLink(String supplierPath, String consumerPath, Set<LinkFlag> flags, LinkState state) {

    public DeviceLink {
        Objects.requireNonNull(supplierPath, "supplierPath");
        Objects.requireNonNull(consumerPath, "consumerPath");
        flags = flags == null || flags.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(LinkFlag.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    }

    /** A request: the flags asked for, no state. */
    public DeviceLink(String supplierPath, String consumerPath, Set<LinkFlag> flags) {
        this(supplierPath, consumerPath, flags, null);
    }

    public static DeviceLink of(String supplierPath, String consumerPath, LinkFlag... flags) {
        return new DeviceLink(supplierPath, consumerPath, flags.length == 0 ? Set.of() : EnumSet.of(flags[0], flags));
    }

    /** Linux's {@code device_link_flag_is_sync_state_only()}. */
    public boolean isSyncStateOnly() {
        return LinkFlag.isSyncStateOnly(flags);
    }

    /** Whether the driver core manages probe and unbind along this link: every link that is not only stateless. */
    public boolean isManaged() {
        return flags.contains(LinkFlag.MANAGED) || !flags.contains(LinkFlag.STATELESS);
    }

    @Override
    public String toString() {
        return supplierPath + " -> " + consumerPath + (flags.isEmpty() ? "" : " " + flags) + (state == null ? "" : " " + state);
    }
}
