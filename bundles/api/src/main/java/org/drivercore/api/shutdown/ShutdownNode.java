package org.drivercore.api.shutdown;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One device in a {@link ShutdownGraph}. Its dependencies are its children and its consumers (links that
 * exist only for sync-state excluded): each must finish before this node starts.
 */
public final class ShutdownNode {

    private final int index;
    private final String path;
    private final Integer parent;
    private final List<Integer> suppliers;
    private final boolean async;
    private final String asyncSource;
    private final String driver;
    private final ShutdownCallback callback;
    // Derived by the graph.
    List<Integer> children = List.of();
    List<Integer> consumers = List.of();

    /**
     * @param index       the device's position in the device list
     * @param path        the device path
     * @param parent      the parent's index, or null for a root
     * @param suppliers   indices of the suppliers of its links, sync-state-only links excluded
     * @param async       whether the device shuts down asynchronously
     * @param asyncSource why: {@code device}, {@code driver}, {@code all} or null for a sync device
     * @param driver      the bound driver's name, or null
     * @param callback    the shutdown work, or null for an ordering-only node (no shutdown callback at all)
     */
    public ShutdownNode(int index, String path, Integer parent, List<Integer> suppliers, boolean async, String asyncSource,
            String driver, ShutdownCallback callback) {
        this.index = index;
        this.path = Objects.requireNonNull(path, "path");
        this.parent = parent;
        this.suppliers = List.copyOf(suppliers);
        this.async = async;
        this.asyncSource = asyncSource;
        this.driver = driver;
        this.callback = callback;
    }

    /** Position in the device list at shutdown start; the reverse walk goes from the highest index down. */
    public int index() {
        return index;
    }

    public String path() {
        return path;
    }

    public Optional<Integer> parent() {
        return Optional.ofNullable(parent);
    }

    public List<Integer> suppliers() {
        return suppliers;
    }

    /** Children, in list order. */
    public List<Integer> children() {
        return children;
    }

    /** Consumers of its links (sync-state-only excluded), in list order. */
    public List<Integer> consumers() {
        return consumers;
    }

    /** Whether the node shuts down asynchronously (resolved under the global switch). */
    public boolean async() {
        return async;
    }

    /** {@code device}, {@code driver} or {@code all} for an async node; empty for a sync one. */
    public Optional<String> asyncSource() {
        return Optional.ofNullable(asyncSource);
    }

    public Optional<String> driver() {
        return Optional.ofNullable(driver);
    }

    /** Whether the node has shutdown work; without it, it only orders (it joins its dependencies). */
    public boolean hasWork() {
        return callback != null;
    }

    /** The work; only for nodes that {@link #hasWork()}. */
    public ShutdownCallback callback() {
        if (callback == null) {
            throw new IllegalStateException(path + " has no shutdown callback");
        }
        return callback;
    }

    @Override
    public String toString() {
        return "#" + index + " " + path;
    }
}
