package org.drivercore.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceSpec;

/**
 * What running batches have checked but not registered yet: a probe may add devices or links while the batch it
 * belongs to is still being appended, and its check must respect the paths, bus names and dependencies the batch
 * has claimed. Kept up to date as the batch appends, so a check reads it instead of rebuilding it: a created child's
 * check costs what the child can collide with, not the size of the batch. Guarded by the registry's lock.
 */
final class Reserved {

    /** Edge of the dependency graph: {@code to} must shut down before the device it is listed under. */
    record Edge(String to, String how) {
    }

    private final Set<String> paths = new HashSet<>();
    /** bus → name → path. */
    private final Map<String, Map<String, String>> names = new HashMap<>();
    /** supplier or parent path → the edges of reserved children and links. */
    private final Map<String, List<Edge>> dependents = new HashMap<>();

    boolean isEmpty() {
        return paths.isEmpty() && dependents.isEmpty();
    }

    boolean containsPath(String path) {
        return paths.contains(path);
    }

    String holderOf(String bus, String name) {
        Map<String, String> onBus = names.get(bus);
        return onBus == null ? null : onBus.get(name);
    }

    List<Edge> dependentsOf(String path) {
        return dependents.getOrDefault(path, List.of());
    }

    void add(BatchCheck.Resolved r) {
        DeviceSpec spec = r.spec();
        paths.add(spec.path());
        spec.bus().ifPresent(b -> names.computeIfAbsent(b, k -> new HashMap<>()).put(spec.effectiveName(), spec.path()));
        if (r.parentPath() != null) {
            dependents.computeIfAbsent(r.parentPath(), k -> new ArrayList<>(2)).add(new Edge(spec.path(), "child"));
        }
    }

    /** The device is registered now (or never will be): the registry itself holds its path, name and parent. */
    void release(BatchCheck.Resolved r) {
        DeviceSpec spec = r.spec();
        if (!paths.remove(spec.path())) {
            return;
        }
        spec.bus().ifPresent(b -> {
            Map<String, String> onBus = names.get(b);
            if (onBus != null && onBus.remove(spec.effectiveName(), spec.path()) && onBus.isEmpty()) {
                names.remove(b);
            }
        });
        if (r.parentPath() != null) {
            remove(r.parentPath(), new Edge(spec.path(), "child"));
        }
    }

    void add(DeviceLink l) {
        if (!l.isSyncStateOnly()) {
            dependents.computeIfAbsent(l.supplierPath(), k -> new ArrayList<>(2)).add(new Edge(l.consumerPath(), "consumer"));
        }
    }

    /** The link is made now (the registry holds it), or waits for a device a probe creates. */
    void release(DeviceLink l) {
        if (!l.isSyncStateOnly()) {
            remove(l.supplierPath(), new Edge(l.consumerPath(), "consumer"));
        }
    }

    private void remove(String from, Edge e) {
        List<Edge> edges = dependents.get(from);
        if (edges != null && edges.remove(e) && edges.isEmpty()) {
            dependents.remove(from);
        }
    }
}
