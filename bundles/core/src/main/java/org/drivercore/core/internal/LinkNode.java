package org.drivercore.core.internal;

import java.util.EnumSet;

import org.drivercore.api.DeviceLink;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.LinkState;

/** A device link as the registry holds it: its flags change over its life (Linux merges and drops them). */
final class LinkNode {

    final DeviceNode supplier;
    final DeviceNode consumer;
    final EnumSet<LinkFlag> flags;
    LinkState state;

    LinkNode(DeviceNode supplier, DeviceNode consumer, EnumSet<LinkFlag> flags, LinkState state) {
        this.supplier = supplier;
        this.consumer = consumer;
        this.flags = flags;
        this.state = state;
    }

    boolean managed() {
        return flags.contains(LinkFlag.MANAGED);
    }

    boolean syncStateOnly() {
        return LinkFlag.isSyncStateOnly(flags);
    }

    boolean has(LinkFlag flag) {
        return flags.contains(flag);
    }

    /** The link as the API shows it: its flags and state now. */
    DeviceLink snapshot() {
        return new DeviceLink(supplier.path(), consumer.path(), flags, state);
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
