package org.drivercore.core.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.RegistryException;

/**
 * Checks a batch of devices and links against the registry as it is (or against an empty one) before
 * anything changes, so that a refused batch leaves the registry untouched. It resolves each device's
 * parent and finds link cycles, naming the cycle.
 */
final class BatchCheck {

    /** A device of the batch with its parent resolved (null for a root). */
    record Resolved(DeviceSpec spec, String parentPath) {
    }

    private final Map<String, DeviceNode> present;
    /** Devices of the batch, by path, with their resolved parent. */
    private final Map<String, Resolved> batch = new LinkedHashMap<>();
    /** bus → name → path of the registered devices (the registry's live index; not written here). */
    private final Map<String, Map<String, String>> presentNames;
    /** bus → name → path of the batch's devices. */
    private final Map<String, Map<String, String>> namesOnBus = new HashMap<>();
    /** What running batches claimed and have not registered yet (the registry's live record; not written here). */
    private final Reserved reserved;
    /**
     * Edges of what this check added to the graph: the batch's devices under their parents, the devices its drivers
     * will create, the links checked so far. The registered devices' edges are read from the devices themselves, so
     * a check walks only what a cycle search reaches.
     */
    private final Map<String, List<Reserved.Edge>> added = new HashMap<>();
    /**
     * Devices the batch's drivers will create in probe (its specs' probe children), by path, with their parent: a link
     * may name one, and is made when it is created, as fw_devlink makes a device link when the device of a waiting
     * fwnode link is added.
     */
    private final Map<String, String> promised = new HashMap<>();

    BatchCheck(Map<String, DeviceNode> present, Map<String, Map<String, String>> presentNames, Reserved reserved) {
        this.present = present;
        this.presentNames = presentNames;
        this.reserved = reserved;
    }

    /** Against the registry as it is, and what running batches reserved. */
    BatchCheck(DeviceList list, Reserved reserved) {
        this(list.byPath(), list.namesOnBus(), reserved);
    }

    /** Against an empty registry (a batch that replaces every device). */
    BatchCheck() {
        this(Map.of(), Map.of(), new Reserved());
    }

    List<Resolved> check(List<DeviceSpec> devices, String defaultParent) {
        List<Resolved> out = new ArrayList<>(devices.size());
        for (DeviceSpec spec : devices) {
            Resolved r = checkDevice(spec, defaultParent);
            batch.put(spec.path(), r);
            if (r.parentPath() != null) {
                edge(r.parentPath(), spec.path(), "child");
            }
            out.add(r);
            promise(spec);
        }
        return out;
    }

    /** A devpath: Linux's device names may hold spaces ("Fixed MDIO bus.0"); a '/' in a name is '!' in sysfs. */
    private static void checkPath(String path) {
        if (!path.startsWith("/") || path.length() < 2 || path.endsWith("/") || path.contains("//")
                || path.chars().anyMatch(Character::isISOControl)) {
            throw new RegistryException(path, "not a valid device path (it must start with '/', have no empty "
                    + "segment, no trailing '/' and no control character)");
        }
    }

    private void promise(DeviceSpec creator) {
        Deque<DeviceSpec> todo = new ArrayDeque<>(List.of(creator));
        while (!todo.isEmpty()) {
            DeviceSpec s = todo.poll();
            for (DeviceSpec child : s.probeChildren()) {
                checkPath(child.path());
                String parent = child.parentPath().orElse(s.path());
                if (promised.putIfAbsent(child.path(), parent) == null) {
                    edge(parent, child.path(), "child");
                }
                todo.add(child);
            }
        }
    }

    private Resolved checkDevice(DeviceSpec spec, String defaultParent) {
        String path = spec.path();
        checkPath(path);
        if (present.containsKey(path)) {
            throw new RegistryException(path, "duplicate path: a device with this path is already registered");
        }
        if (reserved.containsPath(path)) {
            throw new RegistryException(path, "duplicate path: a device with this path is being added and is not "
                    + "registered yet");
        }
        if (batch.containsKey(path)) {
            throw new RegistryException(path, "duplicate path: the device appears twice in what is being added");
        }
        String parent = spec.parentPath().orElse(defaultParent);
        if (parent != null) {
            if (parent.equals(path)) {
                throw new RegistryException(path, "a device cannot be its own parent");
            }
            if (!exists(parent)) {
                throw new RegistryException(path, "unknown parent '" + parent
                        + "': no device with that path is registered or added before it");
            }
        } else {
            parent = impliedParent(path);
        }
        if (spec.bus().isPresent()) {
            String bus = spec.bus().get();
            if (bus.isBlank()) {
                throw new RegistryException(path, "the bus name is empty (leave it out for a device without a bus)");
            }
            String name = spec.effectiveName();
            Map<String, String> names = namesOnBus.computeIfAbsent(bus, k -> new HashMap<>());
            String holder = names.get(name);
            if (holder == null) {
                holder = presentNames.getOrDefault(bus, Map.of()).get(name);
            }
            if (holder == null) {
                holder = reserved.holderOf(bus, name);
            }
            if (holder != null) {
                throw new RegistryException(path, "name '" + name + "' is already used on bus '" + bus + "' by " + holder);
            }
            names.put(name, path);
        }
        if (spec.recordedDriver().isPresent() && spec.recordedDriver().get().isBlank()) {
            throw new RegistryException(path, "the recorded driver name is empty");
        }
        return new Resolved(spec, parent);
    }

    /** The nearest ancestor path that is a device, as udev finds a parent; null for none. */
    private String impliedParent(String path) {
        int slash = path.lastIndexOf('/');
        while (slash > 0) {
            String candidate = path.substring(0, slash);
            if (exists(candidate)) {
                return candidate;
            }
            slash = candidate.lastIndexOf('/');
        }
        return null;
    }

    private boolean exists(String path) {
        return present.containsKey(path) || batch.containsKey(path);
    }

    /**
     * Checks the links in order, each against the graph with the ones before it, as {@code device_link_add()} does:
     * flags that go together, both ends there, and no supplier that depends on its consumer
     * ({@code device_is_dependent()}). A link that exists already is not refused: it is merged when made.
     */
    void checkLinks(List<DeviceLink> links) {
        for (DeviceLink link : links) {
            String s = link.supplierPath();
            String c = link.consumerPath();
            Links.checkFlags(link);
            if (!exists(s) && !promised.containsKey(s)) {
                throw new RegistryException(link, "link supplier '" + s + "' is not a registered device (nor one a "
                        + "driver of what is added creates)");
            }
            if (!exists(c) && !promised.containsKey(c)) {
                throw new RegistryException(link, "link consumer '" + c + "' is not a registered device (nor one a "
                        + "driver of what is added creates)");
            }
            if (link.isSyncStateOnly()) {
                // device_link_add() refuses one to a consumer bound already: refused here, before anything changes.
                DeviceNode consumer = present.get(c);
                if (consumer != null && !Links.acceptsSyncStateOnly(consumer.state())) {
                    throw Links.syncStateOnlyRefused(link, s, consumer);
                }
                // Linux lets sync-state-only links close cycles: they order nothing.
                continue;
            }
            List<String> cycle = pathBetween(c, s);
            if (cycle != null) {
                throw new RegistryException(link, "link " + s + " -> " + c + " refused: it would close the cycle "
                        + String.join(" ", cycle) + " -> " + c + " (new link)");
            }
            edge(s, c, "consumer");
        }
    }

    /**
     * A chain of dependents from {@code from} to {@code to}, formatted with how each step depends on the
     * one before, or null when {@code to} does not depend on {@code from}.
     */
    private List<String> pathBetween(String from, String to) {
        Map<String, String> cameFrom = new HashMap<>();
        Map<String, String> howReached = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(from);
        cameFrom.put(from, null);
        while (!queue.isEmpty()) {
            String at = queue.poll();
            if (at.equals(to)) {
                List<String> steps = new ArrayList<>();
                for (String p = to; p != null; p = cameFrom.get(p)) {
                    String how = howReached.get(p);
                    steps.add(0, how == null ? p : "-> " + p + " (" + how + ")");
                }
                return steps;
            }
            for (Reserved.Edge e : dependentsOf(at)) {
                if (!cameFrom.containsKey(e.to())) {
                    cameFrom.put(e.to(), at);
                    howReached.put(e.to(), e.how());
                    queue.add(e.to());
                }
            }
        }
        return null;
    }

    private void edge(String from, String to, String how) {
        added.computeIfAbsent(from, k -> new ArrayList<>(2)).add(new Reserved.Edge(to, how));
    }

    /** Who depends on the device: its registered children and consumers, then what is reserved or added here. */
    private List<Reserved.Edge> dependentsOf(String path) {
        List<Reserved.Edge> out = new ArrayList<>();
        DeviceNode n = present.get(path);
        if (n != null) {
            for (DeviceNode child : n.childNodes()) {
                out.add(new Reserved.Edge(child.path(), "child"));
            }
            for (LinkNode l : n.consumerLinkNodes()) {
                if (!l.syncStateOnly()) {
                    out.add(new Reserved.Edge(l.consumer.path(), "consumer"));
                }
            }
        }
        out.addAll(reserved.dependentsOf(path));
        out.addAll(added.getOrDefault(path, List.of()));
        return out;
    }
}
