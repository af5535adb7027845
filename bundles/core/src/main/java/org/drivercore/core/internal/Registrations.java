package org.drivercore.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
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
import org.drivercore.api.Driver;
import org.drivercore.api.InitcallLevel;
import org.drivercore.api.RegistryException;
import org.drivercore.common.callout.Callouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is registered, after Linux's {@code drivers/base/core.c}: devices added (all or nothing, checked first by
 * {@link BatchCheck}) and removed, links made, and the boot that adds a machine's devices before its drivers
 * register. Every method runs under the registry's lock.
 */
final class Registrations {

    private static final Logger LOG = LoggerFactory.getLogger(Registrations.class);

    private final DeviceCore core;
    private final DeviceList list;
    private final Binding binding;
    private final DeferredProbe deferred;
    private final Links links;
    private final DriverTable drivers;
    private final Events events;
    /**
     * While a batch is added: per consumer, the suppliers of its links that are not added yet. Batches nest
     * when a probe adds or links through the registry; the outermost one owns this map.
     */
    private Map<String, Set<String>> pendingSuppliers;
    /** While batches are added: their devices not appended yet and links not made yet, which nested requests respect. */
    private final Reserved reserved = new Reserved();
    /** The links of the batches being added that are not made yet; the innermost batch last. */
    private final List<PendingLinks> pendingLinks = new ArrayList<>();
    /**
     * Links naming a device a probe creates, by each of their ends: made whenever both ends are there, again after
     * the device is created anew, as fw_devlink's fwnode links outlive the devices and make device links at each
     * {@code device_add()}. Until its supplier is created, a managed link's consumer defers its probe. Cleared when
     * every device goes.
     */
    private final Map<String, List<DeviceLink>> awaited = new HashMap<>();

    Registrations(DeviceCore core, DeviceList list, Binding binding, DeferredProbe deferred, Links links,
            DriverTable drivers, Events events) {
        this.core = core;
        this.list = list;
        this.binding = binding;
        this.deferred = deferred;
        this.links = links;
        this.drivers = drivers;
        this.events = events;
    }

    /** While a batch is added: the suppliers of the device's links that are not added yet, else null. */
    Set<String> suppliersNotYetAdded(String path) {
        Set<String> batch = pendingSuppliers == null ? null : pendingSuppliers.get(path);
        Set<String> out = batch == null ? null : new LinkedHashSet<>(batch);
        for (DeviceLink l : awaited.getOrDefault(path, List.of())) {
            if (l.consumerPath().equals(path) && l.isManaged() && !l.isSyncStateOnly() && !list.contains(l.supplierPath())) {
                if (out == null) {
                    out = new LinkedHashSet<>();
                }
                out.add(l.supplierPath());
            }
        }
        return out;
    }

    List<BatchCheck.Resolved> check(List<DeviceSpec> devices, List<DeviceLink> newLinks, boolean replace) {
        BatchCheck check = replace ? new BatchCheck() : new BatchCheck(list, reserved);
        List<BatchCheck.Resolved> resolved = check.check(devices, null);
        check.checkLinks(newLinks);
        return resolved;
    }

    /** Hot-plug: each device probes as it is appended, after the links to devices already there are made. */
    List<Device> addAll(List<DeviceSpec> devices, List<DeviceLink> newLinks, boolean replace) {
        return batch(devices, newLinks, replace, () -> { });
    }

    /**
     * A boot: the devices enumerate without probing and the links are made; the drivers register by initcall level
     * (within a level in the machine's order, then in arrival order), each attaching to its bus's devices; the
     * async probes run after the synchronous ones of the levels before LATE; the LATE drivers register; then
     * {@code deferred_probe_initcall()} enables deferred probing and runs its work, twice.
     */
    List<Device> boot(List<DeviceSpec> devices, List<DeviceLink> newLinks, boolean replace, List<String> driverOrder) {
        binding.bootEnumeration();
        deferred.enabled(false);
        try {
            return batch(devices, newLinks, replace, () -> {
                binding.bootDrivers();
                List<Driver> order = bootOrder(driverOrder);
                order.stream().filter(d -> initcall(d) != InitcallLevel.LATE).forEach(this::registerAtBoot);
                binding.runAsyncProbes();
                order.stream().filter(d -> initcall(d) == InitcallLevel.LATE).forEach(this::registerAtBoot);
                deferred.enabled(true);
                deferred.trigger();
                core.drainWork();
                deferred.trigger();
                core.drainWork();
            });
        } finally {
            binding.bootDone();
            deferred.enabled(true);
        }
    }

    private void registerAtBoot(Driver d) {
        if (drivers.isActive(d)) {
            binding.register(d);
        }
    }

    private static InitcallLevel initcall(Driver d) {
        return Callouts.call(d::initcall, e -> InitcallLevel.DEVICE);
    }

    /** The registered drivers in the order they register during a boot. */
    private List<Driver> bootOrder(List<String> driverOrder) {
        List<Driver> all = drivers.all();
        Comparator<Driver> byLevel = Comparator.comparing(Registrations::initcall);
        Comparator<Driver> byMachine = Comparator.comparingInt(d -> {
            int i = driverOrder.indexOf(d.name());
            return i < 0 ? driverOrder.size() : i;
        });
        Comparator<Driver> byArrival = Comparator.comparingInt(all::indexOf);
        return all.stream().sorted(byLevel.thenComparing(byMachine).thenComparing(byArrival)).toList();
    }

    private List<Device> batch(List<DeviceSpec> devices, List<DeviceLink> newLinks, boolean replace, Runnable thenBoot) {
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
        resolved.forEach(reserved::add);
        newLinks.forEach(reserved::add);
        PendingLinks pending = new PendingLinks(newLinks, list);
        pendingLinks.add(pending);
        for (DeviceLink l : newLinks) {
            if (l.isManaged()) {
                pendingSuppliers.computeIfAbsent(l.consumerPath(), k -> new LinkedHashSet<>()).add(l.supplierPath());
            }
        }
        boolean settled = false;
        try {
            List<Device> added = appendAll(resolved);
            // What is left names a device a probe creates: it is made when that device is.
            pendingLinks.remove(pending);
            settled = true;
            for (DeviceLink l : pending.remaining()) {
                reserved.release(l);
                Set<String> suppliers = pendingSuppliers.get(l.consumerPath());
                if (suppliers != null) {
                    suppliers.remove(l.supplierPath());
                }
                awaited.computeIfAbsent(l.supplierPath(), k -> new ArrayList<>(1)).add(l);
                awaited.computeIfAbsent(l.consumerPath(), k -> new ArrayList<>(1)).add(l);
            }
            thenBoot.run();
            return added;
        } finally {
            pendingLinks.remove(pending);
            resolved.forEach(reserved::release);
            if (!settled) {
                pending.remaining().forEach(reserved::release);
            }
            if (!nested) {
                pendingSuppliers = null;
            }
        }
    }

    /**
     * Each device appended in turn ({@code device_add()}), after the links to devices already there are made (as
     * fw_devlink makes them at device_add), then probed ({@code bus_probe_device()}) unless a boot enumerates.
     */
    private List<Device> appendAll(List<BatchCheck.Resolved> resolved) {
        List<Device> added = new ArrayList<>(resolved.size());
        for (BatchCheck.Resolved r : resolved) {
            reserved.release(r);
            DeviceNode n = append(r, null);
            added.add(n);
            if (n.isAlive()) {
                binding.tryBind(n);
            }
        }
        if (resolved.isEmpty() && !pendingLinks.isEmpty()) {
            // A batch of links only: those between registered devices are made now.
            makePendingLinks(null);
        }
        return List.copyOf(added);
    }

    /** The links of running batches that the device just registered completes (all ready ones for null). */
    private void makePendingLinks(String path) {
        for (PendingLinks pending : List.copyOf(pendingLinks)) {
            for (int i : pending.completedBy(path, list)) {
                DeviceLink l = pending.link(i);
                links.add(list.get(l.supplierPath()), list.get(l.consumerPath()), l);
                // Released once made: a link whose making failed stays reserved until its batch ends.
                pending.made(i);
                reserved.release(l);
                Set<String> suppliers = pendingSuppliers.get(l.consumerPath());
                if (suppliers != null) {
                    suppliers.remove(l.supplierPath());
                }
            }
        }
    }

    /** {@code device_link_add()} on its own: checked (flags, both ends registered, no cycle), then made or merged. */
    DeviceLink link(DeviceLink l) {
        check(List.of(), List.of(l), false);
        return links.add(list.get(l.supplierPath()), list.get(l.consumerPath()), l).snapshot();
    }

    private DeviceNode append(BatchCheck.Resolved r, DeviceNode createdBy) {
        DeviceNode parent = r.parentPath() == null ? null : list.get(r.parentPath());
        DeviceNode n = new DeviceNode(core, r.spec(), parent, createdBy);
        list.append(n);
        if (parent != null) {
            parent.addChild(n);
        }
        if (createdBy != null) {
            createdBy.addCreated(n);
        }
        core.flagAsyncShutdown(n);
        if (n.bus().isPresent() && core.busType(n.bus().get()) == null) {
            n.setState(DeviceState.WAITING_FOR_BUS, "bus type '" + n.bus().get() + "' is not registered");
        } else {
            n.setState(DeviceState.UNBOUND, n.bus().isPresent() ? null : "no bus: a class or virtual device");
        }
        events.fire(DeviceEvent.Type.ADDED, n.path(), null, parent == null ? "" : "parent " + parent.path());
        makePendingLinks(n.path());
        return n;
    }

    /**
     * A device a probe creates ({@link org.drivercore.api.ProbeContext#addChild}), checked against what it can
     * collide with and appended; its parent defaults to its creator.
     */
    DeviceNode appendCreated(DeviceSpec spec, DeviceNode creator) {
        BatchCheck check = new BatchCheck(list, reserved);
        DeviceNode n = append(check.check(List.of(spec), creator.path()).get(0), creator);
        makeAwaitedLinks(n.path());
        return n;
    }

    /** The awaited links of a device just added whose other end is there too and that do not exist yet. */
    private void makeAwaitedLinks(String path) {
        for (DeviceLink l : List.copyOf(awaited.getOrDefault(path, List.of()))) {
            if (list.contains(l.supplierPath()) && list.contains(l.consumerPath())
                    && list.get(l.supplierPath()).consumerLinkNodes().stream().noneMatch(x -> x.consumer.path().equals(l.consumerPath()))) {
                try {
                    links.add(list.get(l.supplierPath()), list.get(l.consumerPath()), l);
                } catch (RegistryException e) {
                    // device_link_add() returns NULL (a sync-state-only link to a consumer bound by now): no link,
                    // as fw_devlink then makes none.
                    LOG.debug("Link {} not made: {}", l, e.getMessage());
                }
            }
        }
    }

    /** {@code device_del()} of the device at the path, its children first. */
    void remove(String path) {
        DeviceNode n = list.get(path);
        if (n == null) {
            throw new RegistryException(path, "no such device");
        }
        core.refuseWaitForOwnShutdown(n, true);
        removeDevice(n);
    }

    /**
     * {@code device_del()}: children first in reverse list order, then the device, after its running shutdown; its
     * driver unbound, its links purged, off the deferred lists.
     */
    void removeDevice(DeviceNode n) {
        if (!n.isAlive()) {
            return;
        }
        for (DeviceNode child : DeviceList.reversed(n.childNodes())) {
            removeDevice(child);
        }
        core.awaitShutdownDone(n);
        if (!n.isAlive()) {
            return;
        }
        if (n.state() == DeviceState.BOUND) {
            binding.unbind(n);
        }
        links.purge(n);
        list.remove(n);
        if (n.parentNode() != null) {
            n.parentNode().removeChild(n);
        }
        if (n.createdBy != null) {
            n.createdBy.removeCreated(n);
        }
        deferred.remove(n);
        n.setState(DeviceState.REMOVED, null);
        events.fire(DeviceEvent.Type.REMOVED, n.path(), null, "");
    }

    void removeAll() {
        List<DeviceNode> roots = list.inOrder().stream().filter(n -> n.parentNode() == null).toList();
        for (DeviceNode root : DeviceList.reversed(roots)) {
            removeDevice(root);
        }
        awaited.clear();
    }
}
