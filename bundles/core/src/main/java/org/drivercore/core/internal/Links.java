package org.drivercore.core.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceState;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.LinkState;
import org.drivercore.api.RegistryException;

/**
 * Device links with Linux's flags, states and lifetimes, after the device-link functions of
 * {@code drivers/base/core.c}: {@code device_link_add()} (checks, merging a link that exists, the initial state,
 * the reorder), the state changes as drivers bind and unbind ({@code device_links_check_suppliers()},
 * {@code device_links_driver_bound()}, {@code __device_links_no_driver()}, {@code device_links_unbind_consumers()},
 * {@code device_links_driver_cleanup()}) and {@code device_links_purge()}. Guarded by the registry's lock.
 */
final class Links {

    private final DeviceList list;
    private final DeferredProbe deferred;
    private final Events events;
    /** Every link, in creation order. */
    private final List<LinkNode> all = new ArrayList<>();

    Links(DeviceList list, DeferredProbe deferred, Events events) {
        this.list = list;
        this.deferred = deferred;
        this.events = events;
    }

    List<DeviceLink> snapshot() {
        return all.stream().map(LinkNode::snapshot).toList();
    }

    /**
     * The checks of {@code device_link_add()} that need no registry: flags that do not go together. Linux returns
     * NULL for them; here the refusal says why.
     */
    static void checkFlags(DeviceLink l) {
        EnumSet<LinkFlag> f = l.flags().isEmpty() ? EnumSet.noneOf(LinkFlag.class) : EnumSet.copyOf(l.flags());
        String why = null;
        if (l.supplierPath().equals(l.consumerPath())) {
            why = "a device cannot link to itself";
        } else if (f.contains(LinkFlag.MANAGED)) {
            why = "MANAGED is the core's own flag; a link is managed unless it is STATELESS";
        } else if (f.contains(LinkFlag.STATELESS) && f.stream().anyMatch(LinkFlag.MANAGED_LINK_FLAGS::contains)) {
            why = "STATELESS does not go with the flags of a managed link (" + LinkFlag.MANAGED_LINK_FLAGS + ")";
        } else if (f.contains(LinkFlag.AUTOPROBE_CONSUMER)
                && (f.contains(LinkFlag.AUTOREMOVE_CONSUMER) || f.contains(LinkFlag.AUTOREMOVE_SUPPLIER))) {
            why = "AUTOPROBE_CONSUMER does not go with AUTOREMOVE_CONSUMER or AUTOREMOVE_SUPPLIER";
        } else if (f.contains(LinkFlag.SYNC_STATE_ONLY) && !LinkFlag.isSyncStateOnly(f)) {
            why = "SYNC_STATE_ONLY goes only with INFERRED and CYCLE";
        }
        if (why != null) {
            throw new RegistryException(l, "link " + l.supplierPath() + " -> " + l.consumerPath() + " refused: " + why
                    + ", as device_link_add() refuses it");
        }
    }

    /**
     * {@code device_link_add()} once both ends are registered and the checks passed (a cycle was refused before):
     * returns the link that exists for the pair, its flags merged, or makes a new one; then reorders the consumer
     * unless the link only exists for sync-state.
     */
    /** {@code device_link_add()} makes a sync-state-only link only while the consumer has no driver bound. */
    static boolean acceptsSyncStateOnly(DeviceState consumer) {
        return consumer == DeviceState.UNBOUND || consumer == DeviceState.PROBING || consumer == DeviceState.DEFERRED
                || consumer == DeviceState.PROBE_FAILED || consumer == DeviceState.WAITING_FOR_BUS;
    }

    static RegistryException syncStateOnlyRefused(DeviceLink request, String supplier, DeviceNode consumer) {
        return new RegistryException(request, "link " + supplier + " -> " + consumer.path()
                + " refused: a SYNC_STATE_ONLY link needs a consumer without a driver, and " + consumer.path()
                + " is " + consumer.state());
    }

    LinkNode add(DeviceNode supplier, DeviceNode consumer, DeviceLink request) {
        EnumSet<LinkFlag> asked = request.flags().isEmpty() ? EnumSet.noneOf(LinkFlag.class) : EnumSet.copyOf(request.flags());
        for (LinkNode existing : supplier.consumerLinkNodes()) {
            if (existing.consumer == consumer) {
                if (merge(existing, asked)) {
                    list.reorderToTail(consumer);
                }
                events.fire(DeviceEvent.Type.LINKED, consumer.path(), null, "supplier " + supplier.path() + " "
                        + existing.flags + " (existing link)");
                return existing;
            }
        }
        if (asked.contains(LinkFlag.SYNC_STATE_ONLY) && !acceptsSyncStateOnly(consumer.state())) {
            throw syncStateOnlyRefused(request, supplier.path(), consumer);
        }
        if (asked.contains(LinkFlag.AUTOREMOVE_SUPPLIER)) {
            asked.remove(LinkFlag.AUTOREMOVE_CONSUMER); // Linux prefers AUTOREMOVE_SUPPLIER when both are asked
        }
        if (!asked.contains(LinkFlag.STATELESS)) {
            asked.add(LinkFlag.MANAGED);
        }
        LinkNode l = new LinkNode(supplier, consumer, asked, asked.contains(LinkFlag.MANAGED) ? initialState(supplier, consumer)
                : LinkState.NONE);
        all.add(l);
        supplier.addConsumerLink(l);
        consumer.addSupplierLink(l);
        events.fire(DeviceEvent.Type.LINKED, consumer.path(), null, "supplier " + supplier.path() + " " + l.flags);
        if (!l.syncStateOnly()) {
            list.reorderToTail(consumer);
        }
        return l;
    }

    /** An existing link asked for again: Linux's merge. Returns whether the consumer is to be reordered. */
    private static boolean merge(LinkNode l, EnumSet<LinkFlag> asked) {
        if (l.has(LinkFlag.INFERRED) && !asked.contains(LinkFlag.INFERRED)) {
            l.flags.remove(LinkFlag.INFERRED);
        }
        if (asked.contains(LinkFlag.PM_RUNTIME)) {
            l.flags.add(LinkFlag.PM_RUNTIME);
        }
        if (asked.contains(LinkFlag.STATELESS)) {
            boolean wasManagedSyncStateOnly = l.has(LinkFlag.SYNC_STATE_ONLY) && !l.has(LinkFlag.STATELESS);
            l.flags.add(LinkFlag.STATELESS);
            return wasManagedSyncStateOnly;
        }
        if (asked.contains(LinkFlag.AUTOREMOVE_SUPPLIER)) {
            if (l.has(LinkFlag.AUTOREMOVE_CONSUMER)) {
                l.flags.remove(LinkFlag.AUTOREMOVE_CONSUMER);
                l.flags.add(LinkFlag.AUTOREMOVE_SUPPLIER);
            }
        } else if (!asked.contains(LinkFlag.AUTOREMOVE_CONSUMER)) {
            l.flags.remove(LinkFlag.AUTOREMOVE_CONSUMER);
            l.flags.remove(LinkFlag.AUTOREMOVE_SUPPLIER);
        }
        if (!l.managed()) {
            l.flags.add(LinkFlag.MANAGED);
            l.state = initialState(l.supplier, l.consumer);
        }
        if (l.has(LinkFlag.SYNC_STATE_ONLY) && !asked.contains(LinkFlag.SYNC_STATE_ONLY)) {
            l.flags.remove(LinkFlag.SYNC_STATE_ONLY);
            return true;
        }
        return false;
    }

    /** {@code device_link_init_status()}: from where the two drivers stand. */
    private static LinkState initialState(DeviceNode supplier, DeviceNode consumer) {
        if (supplier.unbinding) {
            return LinkState.SUPPLIER_UNBIND;
        }
        if (supplier.state() == DeviceState.PROBING) {
            return consumer.state() == DeviceState.PROBING ? LinkState.CONSUMER_PROBE : LinkState.DORMANT;
        }
        if (supplier.state() == DeviceState.BOUND) {
            return switch (consumer.state()) {
                case PROBING -> LinkState.CONSUMER_PROBE;
                case BOUND -> LinkState.ACTIVE;
                default -> LinkState.AVAILABLE;
            };
        }
        return LinkState.DORMANT;
    }

    /**
     * {@code device_links_check_suppliers()} at the start of a probe: every managed supplier link that does not only
     * exist for sync-state must be AVAILABLE; they become CONSUMER_PROBE. Returns the first supplier not ready, or
     * null when the probe may go on.
     */
    DeviceNode checkSuppliers(DeviceNode consumer) {
        for (LinkNode l : consumer.supplierLinkNodes()) {
            if (l.managed() && l.state != LinkState.AVAILABLE && !l.has(LinkFlag.SYNC_STATE_ONLY)) {
                missingSupplier(consumer);
                return l.supplier;
            }
            if (l.managed()) {
                l.state = LinkState.CONSUMER_PROBE;
            }
        }
        return null;
    }

    /** {@code device_links_missing_supplier()}: the links moved to CONSUMER_PROBE go back. */
    private static void missingSupplier(DeviceNode consumer) {
        for (LinkNode l : consumer.supplierLinkNodes()) {
            if (l.managed() && l.state == LinkState.CONSUMER_PROBE) {
                l.state = l.supplier.state() == DeviceState.BOUND ? LinkState.AVAILABLE : LinkState.DORMANT;
            }
        }
    }

    /**
     * {@code device_links_driver_bound()}: links to consumers become AVAILABLE (an AUTOPROBE_CONSUMER's consumer goes
     * on the deferred-probe pending list); links to suppliers become ACTIVE, except that a sync-state-only one is
     * dropped now that its consumer is bound.
     */
    void driverBound(DeviceNode dev) {
        for (LinkNode l : List.copyOf(dev.consumerLinkNodes())) {
            if (!l.managed() || l.state == LinkState.CONSUMER_PROBE || l.state == LinkState.ACTIVE) {
                continue;
            }
            l.state = LinkState.AVAILABLE;
            if (l.has(LinkFlag.AUTOPROBE_CONSUMER)) {
                deferred.add(l.consumer, "supplier " + dev.path() + " bound (AUTOPROBE_CONSUMER)");
            }
        }
        for (LinkNode l : List.copyOf(dev.supplierLinkNodes())) {
            if (!l.managed()) {
                continue;
            }
            if (l.has(LinkFlag.SYNC_STATE_ONLY)) {
                dropManaged(l);
            } else {
                l.state = LinkState.ACTIVE;
            }
        }
    }

    /** {@code device_links_no_driver()}, after a probe that failed or deferred. */
    void probeEnded(DeviceNode dev) {
        for (LinkNode l : dev.consumerLinkNodes()) {
            if (l.managed() && (l.state == LinkState.CONSUMER_PROBE || l.state == LinkState.ACTIVE)) {
                l.state = LinkState.DORMANT;
            }
        }
        noDriver(dev);
    }

    /**
     * {@code __device_links_no_driver()}: the device has no driver any more. Its AUTOREMOVE_CONSUMER links go; its
     * other links that were probing or active wait for the consumer again (AVAILABLE if the supplier is bound).
     */
    void noDriver(DeviceNode dev) {
        List<LinkNode> links = dev.supplierLinkNodes();
        for (int i = links.size() - 1; i >= 0; i--) {
            LinkNode l = links.get(i);
            if (!l.managed()) {
                continue;
            }
            if (l.has(LinkFlag.AUTOREMOVE_CONSUMER)) {
                dropManaged(l);
            } else if (l.state == LinkState.CONSUMER_PROBE || l.state == LinkState.ACTIVE) {
                l.state = l.supplier.state() == DeviceState.BOUND ? LinkState.AVAILABLE : LinkState.DORMANT;
            }
        }
    }

    /**
     * {@code device_links_busy()} and {@code device_links_unbind_consumers()}: the supplier is unbinding, so each
     * managed consumer link (not sync-state-only) goes to SUPPLIER_UNBIND; the consumers that were bound, in reverse
     * list order, are to be unbound first (the caller does it). The consumers will not re-probe by themselves.
     */
    List<DeviceNode> consumersToUnbind(DeviceNode supplier) {
        List<DeviceNode> out = new ArrayList<>();
        for (LinkNode l : supplier.consumerLinkNodes()) {
            if (!l.managed() || l.has(LinkFlag.SYNC_STATE_ONLY)) {
                continue;
            }
            if (l.state == LinkState.ACTIVE && l.consumer.state() == DeviceState.BOUND) {
                out.add(l.consumer);
            }
            l.state = LinkState.SUPPLIER_UNBIND;
        }
        return DeviceList.reversed(out);
    }

    /**
     * {@code device_links_driver_cleanup()} after the supplier's remove: an AUTOREMOVE_SUPPLIER link goes, the other
     * consumer links become DORMANT; then the device's own supplier links, as for any device without a driver.
     */
    void driverCleanup(DeviceNode dev) {
        for (LinkNode l : List.copyOf(dev.consumerLinkNodes())) {
            if (!l.managed()) {
                continue;
            }
            if (l.state == LinkState.SUPPLIER_UNBIND && l.has(LinkFlag.AUTOREMOVE_SUPPLIER)) {
                dropManaged(l);
            } else {
                l.state = LinkState.DORMANT;
            }
        }
        noDriver(dev);
    }

    /** {@code device_link_drop_managed()}: the core lets go; a link that also has a stateless user stays stateless. */
    private void dropManaged(LinkNode l) {
        l.flags.remove(LinkFlag.MANAGED);
        l.state = LinkState.NONE;
        if (!l.has(LinkFlag.STATELESS)) {
            delete(l);
        }
    }

    /** {@code device_links_purge()}: a removed device's links all go, both ways. */
    void purge(DeviceNode dev) {
        for (LinkNode l : List.copyOf(dev.supplierLinkNodes())) {
            delete(l);
        }
        for (LinkNode l : List.copyOf(dev.consumerLinkNodes())) {
            delete(l);
        }
    }

    private void delete(LinkNode l) {
        all.remove(l);
        l.supplier.removeConsumerLink(l);
        l.consumer.removeSupplierLink(l);
        events.fire(DeviceEvent.Type.UNLINKED, l.consumer.path(), null, "supplier " + l.supplier.path());
    }
}
