package org.drivercore.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.DeviceState;
import org.drivercore.api.Driver;

/**
 * A device as the registry holds it. Fixed facts are final; what the registry changes is either
 * volatile (read without the lock) or guarded by the registry's lock.
 */
final class DeviceNode implements Device {

    static final Comparator<DeviceNode> LIST_ORDER = Comparator.comparingLong(n -> n.position);
    static final Comparator<DeviceNode> ADD_ORDER = Comparator.comparingLong(n -> n.addSeq);
    static final Comparator<DeviceNode> BIND_ORDER = Comparator.comparingLong(n -> n.bindSeq);

    private final DeviceCore owner;
    private final String path;
    private final String name;
    private final Optional<String> bus;
    private final DeviceNode parent;
    private final Map<String, String> properties;
    /** The recorded driver, which works as {@code driver_override}; a user may change it. */
    private volatile Optional<String> recordedDriver;
    private final boolean matchDriver;
    private final List<DeviceSpec> probeChildren;
    /** The device whose binding created this one in its probe, or null. */
    final DeviceNode createdBy;

    // Guarded by the registry lock. Each list is allocated with its first element: most devices have no children,
    // created devices or links, and a registry of a million devices should not hold four million empty lists.
    private List<DeviceNode> children;
    /** The registered devices this one's binding created in its probe (their {@link #createdBy} is this). */
    private List<DeviceNode> created;
    /** Links in which this device is the consumer, in creation order. */
    private List<LinkNode> supplierLinks;
    /** Links in which this device is the supplier, in creation order ({@code dev->links.consumers}). */
    private List<LinkNode> consumerLinks;
    /** Rank in the device list: a larger value is nearer the tail. Every move to the tail renews it. */
    long position;
    /** When it was added: its place in its bus's device list, which moves never change ({@code klist_devices}). */
    long addSeq;
    /** When it was bound, in the registry's bind order: {@code driver_detach()} unbinds from the latest. */
    long bindSeq;
    /** While its driver unbinds ({@code DL_DEV_UNBINDING}). */
    boolean unbinding;
    /** Shutdown callbacks running on it now, under {@code shutdownLocked}: an unbind or removal waits for them. */
    int shutdownsRunning;
    /** The thread that started the latest of those shutdowns (null when none runs). */
    Thread shutdownStarter;
    /** Volatile: {@link #boundDriver()} reads it without the lock, as {@link #driver()} reads the name. */
    volatile Driver boundDriver;
    BusType boundBus;
    /** The driver whose probe (or link wait) left the device DEFERRED; null in any other state. */
    Driver deferredBy;

    private volatile DeviceState state;
    private volatile String driverName;
    private volatile String stateReason;
    private volatile boolean asyncShutdown;
    /** v18's flag, set by the subsystem when the device is added (or when its bus type arrives); never cleared. */
    volatile boolean subsystemAsyncShutdown;

    DeviceNode(DeviceCore owner, DeviceSpec spec, DeviceNode parent, DeviceNode createdBy) {
        this.owner = owner;
        this.path = spec.path();
        this.name = spec.effectiveName();
        this.bus = Names.shared(spec.bus());
        this.parent = parent;
        this.properties = spec.properties();
        this.recordedDriver = Names.shared(spec.recordedDriver());
        this.matchDriver = spec.matchDriver();
        this.probeChildren = spec.probeChildren();
        this.createdBy = createdBy;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<String> bus() {
        return bus;
    }

    @Override
    public Optional<Device> parent() {
        return Optional.ofNullable(parent);
    }

    DeviceCore owner() {
        return owner;
    }

    DeviceNode parentNode() {
        return parent;
    }

    /** The live lists, read and changed under the registry's lock; empty ones are shared and immutable. */
    List<DeviceNode> childNodes() {
        return children == null ? List.of() : children;
    }

    List<DeviceNode> createdNodes() {
        return created == null ? List.of() : created;
    }

    List<LinkNode> supplierLinkNodes() {
        return supplierLinks == null ? List.of() : supplierLinks;
    }

    List<LinkNode> consumerLinkNodes() {
        return consumerLinks == null ? List.of() : consumerLinks;
    }

    void addChild(DeviceNode child) {
        children = added(children, child);
    }

    void removeChild(DeviceNode child) {
        children = removed(children, child);
    }

    void addCreated(DeviceNode child) {
        created = added(created, child);
    }

    void removeCreated(DeviceNode child) {
        created = removed(created, child);
    }

    void addSupplierLink(LinkNode l) {
        supplierLinks = added(supplierLinks, l);
    }

    void removeSupplierLink(LinkNode l) {
        supplierLinks = removed(supplierLinks, l);
    }

    void addConsumerLink(LinkNode l) {
        consumerLinks = added(consumerLinks, l);
    }

    void removeConsumerLink(LinkNode l) {
        consumerLinks = removed(consumerLinks, l);
    }

    private static <T> List<T> added(List<T> list, T element) {
        List<T> out = list == null ? new ArrayList<>(2) : list;
        out.add(element);
        return out;
    }

    private static <T> List<T> removed(List<T> list, T element) {
        if (list == null) {
            return null;
        }
        list.remove(element);
        return list.isEmpty() ? null : list;
    }

    @Override
    public List<Device> children() {
        return owner.locked(() -> {
            List<DeviceNode> copy = new ArrayList<>(childNodes());
            copy.sort(LIST_ORDER);
            return List.copyOf(copy);
        });
    }

    @Override
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public Optional<String> recordedDriver() {
        return recordedDriver;
    }

    void setDriverOverride(Optional<String> driver) {
        recordedDriver = Names.shared(driver);
    }

    @Override
    public boolean matchDriver() {
        return matchDriver;
    }

    @Override
    public Optional<String> driver() {
        return Optional.ofNullable(driverName);
    }

    @Override
    public Optional<Driver> boundDriver() {
        return Optional.ofNullable(boundDriver);
    }

    @Override
    public DeviceState state() {
        return state;
    }

    @Override
    public Optional<String> stateReason() {
        return Optional.ofNullable(stateReason);
    }

    @Override
    public boolean isAsyncShutdownEnabled() {
        return asyncShutdown;
    }

    @Override
    public void enableAsyncShutdown() {
        asyncShutdown = true;
    }

    @Override
    public boolean isSubsystemAsyncShutdown() {
        return subsystemAsyncShutdown;
    }

    @Override
    public List<DeviceLink> supplierLinks() {
        return owner.locked(() -> supplierLinkNodes().stream().map(LinkNode::snapshot).toList());
    }

    @Override
    public List<DeviceLink> consumerLinks() {
        return owner.locked(() -> consumerLinkNodes().stream().map(LinkNode::snapshot).toList());
    }

    @Override
    public List<DeviceSpec> probeChildren() {
        return probeChildren;
    }

    void setState(DeviceState state, String reason) {
        this.state = state;
        this.stateReason = reason;
    }

    void bound(Driver driver, BusType busType) {
        this.boundDriver = driver;
        this.boundBus = busType;
        this.driverName = driver.name();
        this.deferredBy = null;
        setState(DeviceState.BOUND, null);
    }

    void unbound() {
        this.boundDriver = null;
        this.boundBus = null;
        this.driverName = null;
        this.asyncShutdown = false;
    }

    boolean isAlive() {
        return state != DeviceState.REMOVED;
    }

    @Override
    public String toString() {
        return path + " (" + state + driver().map(d -> ", " + d).orElse("") + ")";
    }
}
