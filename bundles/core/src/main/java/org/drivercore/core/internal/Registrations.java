package org.drivercore.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.DeviceState;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.RegistryException;

/**
 * What is registered, after Linux's {@code drivers/base/core.c}: devices added (all or nothing, checked first by
 * {@link BatchCheck}) and removed, links made and purged. Every method runs under the registry's lock.
 */
final class Registrations {

    private final DeviceCore core;
    private final DeviceList list;
    private final Binding binding;
    private final DeferredProbe deferred;
    private final Events events;
    private final List<DeviceLink> links = new ArrayList<>();
    /**
     * While a batch is added: per consumer, the suppliers of its links that are not added yet. Batches nest
     * when a probe adds or links through the registry; the outermost one owns this map.
     */
    private Map<String, Set<String>> pendingSuppliers;
    /** While batches are added: their devices not appended yet and links not made yet, which nested requests respect. */
    private final Set<BatchCheck.Resolved> notYetAppended = new LinkedHashSet<>();
    private final Set<DeviceLink> notYetMade = new LinkedHashSet<>();

    Registrations(DeviceCore core, DeviceList list, Binding binding, DeferredProbe deferred, Events events) {
        this.core = core;
        this.list = list;
        this.binding = binding;
        this.deferred = deferred;
        this.events = events;
    }

    List<DeviceLink> links() {
        return List.copyOf(links);
    }

    /** While a batch is added: the suppliers of the device's links that are not added yet, else null. */
    Set<String> suppliersNotYetAdded(String path) {
        return pendingSuppliers == null ? null : pendingSuppliers.get(path);
    }

    List<BatchCheck.Resolved> check(List<DeviceSpec> devices, List<DeviceLink> newLinks, boolean replace) {
        BatchCheck check = replace ? new BatchCheck(Map.of(), List.of()) : new BatchCheck(list.byPath(), links);
        check.reserve(notYetAppended, notYetMade);
        List<BatchCheck.Resolved> resolved = check.check(devices, null);
        check.checkLinks(newLinks);
        return resolved;
    }

    List<Device> addAll(List<DeviceSpec> devices, List<DeviceLink> newLinks, boolean replace) {
        boolean nested = pendingSuppliers != null;
        if (replace && nested) {
            throw new RegistryException((String) null, "cannot replace every device while a batch is being added");
        }
        List<BatchCheck.Resolved> resolved = check(devices, newLinks, replace);
        // Checked: from here on nothing is refused.
        if (replace) {
            removeAll();
        }
        if (!nested) {
            pendingSuppliers = new HashMap<>();
        }
        notYetAppended.addAll(resolved);
        notYetMade.addAll(newLinks);
        for (DeviceLink l : newLinks) {
            if (l.isManaged()) {
                pendingSuppliers.computeIfAbsent(l.consumerPath(), k -> new LinkedHashSet<>()).add(l.supplierPath());
            }
        }
        try {
            return appendAll(resolved, new ArrayList<>(newLinks));
        } finally {
            notYetAppended.removeAll(resolved);
            notYetMade.removeAll(newLinks);
            if (!nested) {
                pendingSuppliers = null;
            }
        }
    }

    /**
     * As at boot: each device is probed as it is added (device_add → bus_probe_device), after the links to
     * devices already there are made; a consumer whose supplier comes later in the batch defers until it is added
     * and bound, as fw_devlink makes it.
     */
    private List<Device> appendAll(List<BatchCheck.Resolved> resolved, List<DeviceLink> linksToMake) {
        List<Device> added = new ArrayList<>(resolved.size());
        for (BatchCheck.Resolved r : resolved) {
            notYetAppended.remove(r);
            DeviceNode n = append(r, null);
            added.add(n);
            makeLinksBetweenPresent(linksToMake);
            if (n.isAlive() && binding.canProbe(n)) {
                binding.tryBind(n);
            }
        }
        makeLinksBetweenPresent(linksToMake);
        return List.copyOf(added);
    }

    private void makeLinksBetweenPresent(List<DeviceLink> linksToMake) {
        for (var it = linksToMake.iterator(); it.hasNext();) {
            DeviceLink l = it.next();
            if (list.contains(l.supplierPath()) && list.contains(l.consumerPath())) {
                it.remove();
                notYetMade.remove(l);
                Set<String> pending = pendingSuppliers.get(l.consumerPath());
                if (pending != null) {
                    pending.remove(l.supplierPath());
                }
                makeLink(l);
            }
        }
    }

    private DeviceNode append(BatchCheck.Resolved r, DeviceNode createdBy) {
        DeviceNode parent = r.parentPath() == null ? null : list.get(r.parentPath());
        DeviceNode n = new DeviceNode(core, r.spec(), parent, createdBy);
        list.append(n);
        if (parent != null) {
            parent.children.add(n);
        }
        if (createdBy != null) {
            createdBy.created.add(n);
        }
        if (n.bus().isPresent() && core.busType(n.bus().get()) == null) {
            n.setState(DeviceState.WAITING_FOR_BUS, "bus type '" + n.bus().get() + "' is not registered");
        } else {
            n.setState(DeviceState.UNBOUND, n.bus().isPresent() ? null : "no bus: a class or virtual device");
        }
        events.fire(DeviceEvent.Type.ADDED, n.path(), null, parent == null ? "" : "parent " + parent.path());
        return n;
    }

    /**
     * A device a probe creates ({@link org.drivercore.api.ProbeContext#addChild}), checked against what it can
     * collide with and appended; its parent defaults to its creator.
     */
    DeviceNode appendCreated(DeviceSpec spec, DeviceNode creator) {
        BatchCheck check = new BatchCheck(list.byPath(), links);
        check.reserve(notYetAppended, notYetMade);
        return append(check.check(List.of(spec), creator.path()).get(0), creator);
    }

    private void makeLink(DeviceLink l) {
        DeviceNode supplier = list.get(l.supplierPath());
        DeviceNode consumer = list.get(l.consumerPath());
        links.add(l);
        supplier.consumerLinks.add(l);
        consumer.supplierLinks.add(l);
        events.fire(DeviceEvent.Type.LINKED, consumer.path(), null, "supplier " + supplier.path() + " " + l.flags());
        if (!l.isSyncStateOnly()) {
            list.reorderToTail(consumer);
        }
    }

    /** Children first in reverse list order, then consumers that go with their supplier, then the device. */
    void removeDevice(DeviceNode n) {
        if (!n.isAlive()) {
            return;
        }
        for (DeviceNode child : DeviceList.reversed(n.children)) {
            removeDevice(child);
        }
        List<DeviceNode> dependentConsumers = new ArrayList<>();
        for (DeviceLink l : n.consumerLinks) {
            if (l.flags().contains(LinkFlag.REMOVE_CONSUMER_WITH_SUPPLIER)) {
                dependentConsumers.add(list.get(l.consumerPath()));
            }
        }
        for (DeviceNode c : DeviceList.reversed(dependentConsumers)) {
            removeDevice(c);
        }
        if (n.state() == DeviceState.BOUND) {
            binding.unbind(n);
        }
        for (DeviceLink l : List.copyOf(n.supplierLinks)) {
            list.get(l.supplierPath()).consumerLinks.remove(l);
            links.remove(l);
        }
        for (DeviceLink l : List.copyOf(n.consumerLinks)) {
            list.get(l.consumerPath()).supplierLinks.remove(l);
            links.remove(l);
        }
        n.supplierLinks.clear();
        n.consumerLinks.clear();
        list.remove(n);
        if (n.parentNode() != null) {
            n.parentNode().children.remove(n);
        }
        if (n.createdBy != null) {
            n.createdBy.created.remove(n);
        }
        deferred.leave(n);
        n.setState(DeviceState.REMOVED, null);
        events.fire(DeviceEvent.Type.REMOVED, n.path(), null, "");
    }

    void removeAll() {
        List<DeviceNode> roots = list.inOrder().stream().filter(n -> n.parentNode() == null).toList();
        for (DeviceNode root : DeviceList.reversed(roots)) {
            removeDevice(root);
        }
    }
}
