package org.drivercore.core.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.Driver;
import org.drivercore.api.InitcallLevel;
import org.drivercore.api.ProbeType;
import org.drivercore.api.ProbeContext;
import org.drivercore.api.ProbeResult;

/**
 * A driver for tests. Its probe first adds the device's recorded {@link Device#probeChildren()} through the
 * context (as a driver that models real hardware does), then does what the script says for that device
 * (per call, then per device, then the default: bound). Every probe and remove is written to a journal,
 * shared between drivers so that orders across drivers can be asserted: {@code "probe /a by nvme"},
 * {@code "remove /a by nvme"}.
 */
final class RecordingDriver implements Driver {

    /** What one probe call does. */
    @FunctionalInterface
    interface Behaviour {
        ProbeResult probe(Device device, ProbeContext context);
    }

    static final Behaviour BIND = (d, c) -> ProbeResult.bound();

    static Behaviour defer(String reason) {
        return (d, c) -> ProbeResult.deferred(reason);
    }

    static Behaviour fail(String reason) {
        return (d, c) -> ProbeResult.failed(reason);
    }

    static Behaviour bindAsync() {
        return (d, c) -> {
            d.enableAsyncShutdown();
            return ProbeResult.bound();
        };
    }

    private final String name;
    private final String bus;
    private final String tag;
    private final List<String> ids;
    private final List<String> journal;
    private final Map<String, Deque<Behaviour>> perCall = new ConcurrentHashMap<>();
    private final Map<String, Behaviour> perDevice = new ConcurrentHashMap<>();
    private volatile Behaviour fallback = BIND;
    private volatile boolean addProbeChildren = true;
    private volatile ProbeType probeType = ProbeType.DEFAULT;
    private volatile InitcallLevel initcall = InitcallLevel.DEVICE;
    private volatile boolean asyncShutdown;

    /**
     * @param tag how the journal names this driver; the name unless two instances share it
     * @param ids the id table; a mutable list may be given and grown later
     */
    RecordingDriver(String name, String bus, String tag, List<String> journal, List<String> ids) {
        this.name = name;
        this.bus = bus;
        this.tag = tag;
        this.journal = journal;
        this.ids = ids;
    }

    RecordingDriver(String name, String bus, List<String> journal, String... ids) {
        this(name, bus, name, journal, new CopyOnWriteArrayList<>(ids));
    }

    /** The next {@code times} probes of the device defer, with this reason. */
    RecordingDriver deferNext(String path, int times, String reason) {
        for (int i = 0; i < times; i++) {
            then(path, defer(reason));
        }
        return this;
    }

    /** Queues what the next probe of that device does. */
    RecordingDriver then(String path, Behaviour b) {
        perCall.computeIfAbsent(path, k -> new ArrayDeque<>()).add(b);
        return this;
    }

    /** What every probe of that device does once the queued calls are used up. */
    RecordingDriver always(String path, Behaviour b) {
        perDevice.put(path, b);
        return this;
    }

    RecordingDriver byDefault(Behaviour b) {
        fallback = b;
        return this;
    }

    RecordingDriver withoutProbeChildren() {
        addProbeChildren = false;
        return this;
    }

    /** Probes from async work, as nvme and sd do. */
    RecordingDriver async() {
        probeType = ProbeType.PREFER_ASYNCHRONOUS;
        return this;
    }

    RecordingDriver at(InitcallLevel level) {
        initcall = level;
        return this;
    }

    /** Opts in driver-wide (Hayes v8's async_shutdown_enable). */
    RecordingDriver asyncShutdownEnabled() {
        asyncShutdown = true;
        return this;
    }

    @Override
    public ProbeType probeType() {
        return probeType;
    }

    @Override
    public InitcallLevel initcall() {
        return initcall;
    }

    @Override
    public boolean asyncShutdown() {
        return asyncShutdown;
    }

    void addId(String id) {
        ids.add(id);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String bus() {
        return bus;
    }

    @Override
    public List<String> idTable() {
        return ids;
    }

    @Override
    public ProbeResult probe(Device device, ProbeContext context) {
        journal.add("probe " + device.path() + " by " + tag);
        if (addProbeChildren) {
            for (DeviceSpec child : device.probeChildren()) {
                context.addChild(child);
            }
        }
        Behaviour b = null;
        Deque<Behaviour> queued = perCall.get(device.path());
        if (queued != null) {
            synchronized (queued) {
                b = queued.poll();
            }
        }
        if (b == null) {
            b = perDevice.getOrDefault(device.path(), fallback);
        }
        return b.probe(device, context);
    }

    @Override
    public void remove(Device device) {
        journal.add("remove " + device.path() + " by " + tag);
    }

    @Override
    public String toString() {
        return "driver " + tag + " on " + bus;
    }
}
