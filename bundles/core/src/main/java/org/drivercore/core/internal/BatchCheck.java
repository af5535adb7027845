package org.drivercore.core.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** Edge of the dependency graph: {@code to} must shut down before {@code from}. */
    private record Edge(String to, String how) {
    }

    private final Map<String, DeviceNode> present;
    /** Devices of the batch, by path, with their resolved parent. */
    private final Map<String, Resolved> batch = new LinkedHashMap<>();
    /** bus → name → path of the registered devices (the registry's live index; not written here). */
    private final Map<String, Map<String, String>> presentNames;
    /** bus → name → path of the batch's devices and of what a running batch reserved. */
    private final Map<String, Map<String, String>> namesOnBus = new HashMap<>();
    /** Dependents of a device (children and consumers), built lazily for the cycle check. */
    private Map<String, List<Edge>> dependents;
    /** Paths of devices that a running batch checked but has not appended yet. */
    private final Set<String> reserved = new HashSet<>();
    /** Edges of a running batch's devices and links that are not in the registry yet. */
    private final Map<String, List<Edge>> reservedDependents = new HashMap<>();
    /**
     * Devices the batch's drivers will create in probe (its specs' probe children), by path, with their parent: a link
     * may name one, and is made when it is created, as fw_devlink makes a device link when the device of a waiting
     * fwnode link is added.
     */
    private final Map<String, String> promised = new HashMap<>();

    BatchCheck(Map<String, DeviceNode> present, Map<String, Map<String, String>> presentNames) {
        this.present = present;
        this.presentNames = presentNames;
    }

    /** Against the registry as it is. */
    BatchCheck(DeviceList list) {
        this(list.byPath(), list.namesOnBus());
    }

    /** Against an empty registry (a batch that replaces every device). */
    BatchCheck() {
        this(Map.of(), Map.of());
    }

    /**
     * Takes into account what a running batch has checked but not added yet (a probe adds or links while the
     * batch it belongs to is being added): their paths, bus names and link pairs are taken, and their edges
     * count in the cycle check. They are not devices yet, so nothing can name them as parent or link end.
     */
    void reserve(Collection<Resolved> devices, Collection<DeviceLink> links) {
        for (Resolved r : devices) {
            DeviceSpec spec = r.spec();
            reserved.add(spec.path());
            spec.bus().ifPresent(b -> namesOnBus.computeIfAbsent(b, k -> new HashMap<>()).put(spec.effectiveName(), spec.path()));
            if (r.parentPath() != null) {
                reservedDependents.computeIfAbsent(r.parentPath(), k -> new ArrayList<>()).add(new Edge(spec.path(), "child"));
            }
        }
        for (DeviceLink l : links) {
            if (!l.isSyncStateOnly()) {
                reservedDependents.computeIfAbsent(l.supplierPath(), k -> new ArrayList<>()).add(new Edge(l.consumerPath(), "consumer"));
            }
        }
    }

    List<Resolved> check(List<DeviceSpec> devices, String defaultParent) {
        List<Resolved> out = new ArrayList<>(devices.size());
        for (DeviceSpec spec : devices) {
            Resolved r = checkDevice(spec, defaultParent);
            batch.put(spec.path(), r);
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
                promised.putIfAbsent(child.path(), child.parentPath().orElse(s.path()));
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
        if (reserved.contains(path)) {
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
                // Linux lets sync-state-only links close cycles: they order nothing.
                continue;
            }
            List<String> cycle = pathBetween(c, s);
            if (cycle != null) {
                throw new RegistryException(link, "link " + s + " -> " + c + " refused: it would close the cycle "
                        + String.join(" ", cycle) + " -> " + c + " (new link)");
            }
            graph().computeIfAbsent(s, k -> new ArrayList<>()).add(new Edge(c, "consumer"));
        }
    }

    /**
     * A chain of dependents from {@code from} to {@code to}, formatted with how each step depends on the
     * one before, or null when {@code to} does not depend on {@code from}.
     */
    private List<String> pathBetween(String from, String to) {
        Map<String, List<Edge>> g = graph();
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
            for (Edge e : g.getOrDefault(at, List.of())) {
                if (!cameFrom.containsKey(e.to())) {
                    cameFrom.put(e.to(), at);
                    howReached.put(e.to(), e.how());
                    queue.add(e.to());
                }
            }
        }
        return null;
    }

    private Map<String, List<Edge>> graph() {
        if (dependents == null) {
            dependents = new HashMap<>();
            for (DeviceNode n : present.values()) {
                if (n.parentNode() != null) {
                    dependents.computeIfAbsent(n.parentNode().path(), k -> new ArrayList<>()).add(new Edge(n.path(), "child"));
                }
                for (LinkNode l : n.consumerLinks) {
                    if (!l.syncStateOnly()) {
                        dependents.computeIfAbsent(n.path(), k -> new ArrayList<>()).add(new Edge(l.consumer.path(), "consumer"));
                    }
                }
            }
            for (Resolved r : batch.values()) {
                if (r.parentPath() != null) {
                    dependents.computeIfAbsent(r.parentPath(), k -> new ArrayList<>()).add(new Edge(r.spec().path(), "child"));
                }
            }
            promised.forEach((child, parent) ->
                    dependents.computeIfAbsent(parent, k -> new ArrayList<>()).add(new Edge(child, "child")));
            reservedDependents.forEach((from, edges) -> dependents.computeIfAbsent(from, k -> new ArrayList<>()).addAll(edges));
        }
        return dependents;
    }
}
