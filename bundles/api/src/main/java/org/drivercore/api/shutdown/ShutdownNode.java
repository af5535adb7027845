package org.drivercore.api.shutdown;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.drivercore.api.LinkFlag;

/**
 * One device in a {@link ShutdownGraph}, immutable. Its dependencies are its children and the consumers of the links
 * the graph honours: each must finish before this node starts. The node keeps every link it is the consumer of, with
 * its flags, and every async flag the registry recorded, so that each strategy can take the view of its own kernel
 * generation. Nodes are made by the graph from {@link Builder}s, which is how the graph fills in each node's
 * children and consumers.
 */
public final class ShutdownNode {

    /** A link this node is the consumer of: the supplier's index and the link's flags. */
    public record Link(int supplier, Set<LinkFlag> flags) {
        public Link {
            flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        }
    }

    private final int index;
    private final String path;
    private final Integer parent;
    private final List<Link> supplierLinks;
    private final List<Integer> suppliers;
    private final Set<AsyncSource> asyncFlags;
    private final AsyncSource asyncSource;
    private final String driver;
    private final ShutdownCallback callback;
    private final List<Integer> children;
    private final List<Integer> consumers;

    private ShutdownNode(Builder b, List<Integer> suppliers, List<Integer> children, List<Integer> consumers) {
        this.index = b.index;
        this.path = b.path;
        this.parent = b.parent;
        this.supplierLinks = b.supplierLinks;
        this.suppliers = List.copyOf(suppliers);
        this.asyncFlags = b.asyncFlags;
        this.asyncSource = b.asyncSource;
        this.driver = b.driver;
        this.callback = b.callback;
        this.children = List.copyOf(children);
        this.consumers = List.copyOf(consumers);
    }

    /**
     * Starts a node.
     *
     * @param index the device's position in the device list
     * @param path  the device path
     */
    public static Builder builder(int index, String path) {
        return new Builder(index, path);
    }

    /** A builder with everything of this node, to make a variant of it (other callback, other async flag). */
    public Builder toBuilder() {
        return builder(index, path).parent(parent).supplierLinks(supplierLinks).asyncFlags(asyncFlags).async(asyncSource)
                .driver(driver).callback(callback);
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

    /** Whether the node at that index is this node's parent. */
    public boolean isChildOf(int index) {
        return parent != null && parent == index;
    }

    /** Indices of the suppliers of the links the graph honours. */
    public List<Integer> suppliers() {
        return suppliers;
    }

    /** Every link this node is the consumer of, with its flags, whether the graph honours it or not. */
    public List<Link> supplierLinks() {
        return supplierLinks;
    }

    /** Every async flag the registry recorded for the device, whichever the graph resolved. */
    public Set<AsyncSource> asyncFlags() {
        return asyncFlags;
    }

    /** Children, in list order. */
    public List<Integer> children() {
        return children;
    }

    /** Consumers of the links the graph honours, in list order. */
    public List<Integer> consumers() {
        return consumers;
    }

    /** Whether the node shuts down asynchronously, as the graph resolved it (see {@link AsyncPolicy}). */
    public boolean async() {
        return asyncSource != null;
    }

    /** Why the node is async; empty for a sync one. */
    public Optional<AsyncSource> asyncSource() {
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

    /** What a node is made of, before the graph derives its children and consumers. */
    public static final class Builder {
        private final int index;
        private final String path;
        private Integer parent;
        private List<Link> supplierLinks = List.of();
        private Set<AsyncSource> asyncFlags = Set.of();
        private AsyncSource asyncSource;
        private String driver;
        private ShutdownCallback callback;

        private Builder(int index, String path) {
            this.index = index;
            this.path = Objects.requireNonNull(path, "path");
        }

        /** The parent's index, or null for a root. */
        public Builder parent(Integer parentIndex) {
            this.parent = parentIndex;
            return this;
        }

        /** Suppliers of managed links without flags, by index. */
        public Builder suppliers(List<Integer> supplierIndices) {
            return supplierLinks(supplierIndices.stream().map(i -> new Link(i, Set.of())).toList());
        }

        /** Every link the node is the consumer of. */
        public Builder supplierLinks(List<Link> links) {
            this.supplierLinks = List.copyOf(links);
            return this;
        }

        /** Every async flag the registry recorded for the device. */
        public Builder asyncFlags(Set<AsyncSource> flags) {
            this.asyncFlags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
            return this;
        }

        /** Why the node is async, or null for a sync node. */
        public Builder async(AsyncSource source) {
            this.asyncSource = source;
            return this;
        }

        /** The bound driver's name, or null. */
        public Builder driver(String driverName) {
            this.driver = driverName;
            return this;
        }

        /** The shutdown work, or null for an ordering-only node (no shutdown callback at all). */
        public Builder callback(ShutdownCallback work) {
            this.callback = work;
            return this;
        }

        int index() {
            return index;
        }

        String path() {
            return path;
        }

        Integer parentIndex() {
            return parent;
        }

        List<Link> links() {
            return supplierLinks;
        }

        ShutdownNode build(List<Integer> suppliers, List<Integer> children, List<Integer> consumers) {
            return new ShutdownNode(this, suppliers, children, consumers);
        }
    }
}
