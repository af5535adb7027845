package org.drivercore.shutdown.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.drivercore.api.LinkFlag;
import org.drivercore.api.shutdown.ShutdownCallback;
import org.drivercore.api.shutdown.AsyncSource;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;

/**
 * Hand-made shutdown graphs for step-by-step tests: devices are added in list order, named (the path is
 * {@code /devices/<name>}), and refer to their parent and suppliers by name, so that a parent may come after
 * its child. Callbacks sleep a fixed number of emulated milliseconds through the context.
 */
public final class TestGraph {

    private final String name;
    private final List<String> names = new ArrayList<>();
    private final List<Boolean> async = new ArrayList<>();
    private final List<ShutdownCallback> callbacks = new ArrayList<>();
    private final Map<String, String> parents = new HashMap<>();
    private final Map<String, List<String>> suppliers = new HashMap<>();
    private final Map<String, List<String>> syncStateSuppliers = new HashMap<>();

    private TestGraph(String name) {
        this.name = name;
    }

    public static TestGraph named(String name) {
        return new TestGraph(name);
    }

    public static String path(String name) {
        return "/devices/" + name;
    }

    /** A sync device whose shutdown takes {@code ms}. */
    public TestGraph sync(String device, long ms) {
        return add(device, false, sleeping(ms));
    }

    /** An async device whose shutdown takes {@code ms}. */
    public TestGraph async(String device, long ms) {
        return add(device, true, sleeping(ms));
    }

    /** An ordering-only device: no shutdown callback at all. */
    public TestGraph noWork(String device) {
        return add(device, false, null);
    }

    /** A sync device whose callback throws at once. */
    public TestGraph throwing(String device, String message) {
        return add(device, false, ctx -> {
            throw new IllegalStateException(message);
        });
    }

    /** A device whose work fails after {@code ms}: its stage completes exceptionally. */
    public TestGraph failingAfter(String device, boolean isAsync, long ms, String message) {
        return add(device, isAsync, ctx -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            ctx.sleep(Duration.ofMillis(ms)).whenComplete((v, e) -> f.completeExceptionally(new IllegalStateException(message)));
            return f;
        });
    }

    /** A device with a callback of the test's own. */
    public TestGraph custom(String device, boolean isAsync, ShutdownCallback callback) {
        return add(device, isAsync, callback);
    }

    /** Makes the last device added a child of {@code parent}. */
    public TestGraph parent(String parent) {
        parents.put(last(), parent);
        return this;
    }

    /** Makes the last device added a consumer of each supplier. */
    public TestGraph suppliers(String... supplier) {
        suppliers.computeIfAbsent(last(), k -> new ArrayList<>()).addAll(List.of(supplier));
        return this;
    }

    /**
     * Makes the last device added the consumer of a sync-state-only link to each supplier (fw_devlink makes them to
     * suppliers that probe later, so a supplier may come after its consumer).
     */
    public TestGraph syncStateOnly(String... supplier) {
        syncStateSuppliers.computeIfAbsent(last(), k -> new ArrayList<>()).addAll(List.of(supplier));
        return this;
    }

    private String last() {
        return names.get(names.size() - 1);
    }

    private TestGraph add(String device, boolean isAsync, ShutdownCallback callback) {
        if (names.contains(device)) {
            throw new IllegalArgumentException(device + " twice");
        }
        names.add(device);
        async.add(isAsync);
        callbacks.add(callback);
        return this;
    }

    private static ShutdownCallback sleeping(long ms) {
        Duration d = Duration.ofMillis(ms);
        return ctx -> ctx.sleep(d);
    }

    public ShutdownGraph build() {
        List<ShutdownNode.Builder> nodes = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            Integer parent = parents.containsKey(n) ? indexOf(parents.get(n)) : null;
            List<ShutdownNode.Link> links = new ArrayList<>();
            suppliers.getOrDefault(n, List.of()).forEach(s -> links.add(new ShutdownNode.Link(indexOf(s), Set.of())));
            syncStateSuppliers.getOrDefault(n, List.of())
                    .forEach(s -> links.add(new ShutdownNode.Link(indexOf(s), Set.of(LinkFlag.SYNC_STATE_ONLY))));
            boolean a = async.get(i);
            nodes.add(ShutdownNode.builder(i, path(n)).parent(parent).supplierLinks(links)
                    .asyncFlags(a ? Set.of(AsyncSource.DEVICE) : Set.of()).async(a ? AsyncSource.DEVICE : null)
                    .driver(callbacks.get(i) == null ? null : "test").callback(callbacks.get(i)));
        }
        return new ShutdownGraph(name, nodes);
    }

    private int indexOf(String device) {
        int i = names.indexOf(device);
        if (i < 0) {
            throw new IllegalArgumentException("no device " + device);
        }
        return i;
    }
}
