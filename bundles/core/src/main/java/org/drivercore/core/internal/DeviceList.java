package org.drivercore.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.drivercore.api.DeviceEvent;

/**
 * The device list, Linux's {@code devices_kset}: the order a shutdown walks in reverse. A device is appended when
 * it is added; the only other change is a move to the tail. Guarded by the registry's lock, like everything the
 * registry keeps.
 */
final class DeviceList {

    /** By path, in list order: a move to the tail is a remove and put. */
    private final LinkedHashMap<String, DeviceNode> byPath = new LinkedHashMap<>();
    /** bus → name → path: a name is unique on its bus. Kept here so that a check need not rebuild it. */
    private final Map<String, Map<String, String>> namesOnBus = new HashMap<>();
    private long nextPosition;
    private final Events events;

    DeviceList(Events events) {
        this.events = events;
    }

    DeviceNode get(String path) {
        return byPath.get(path);
    }

    boolean contains(String path) {
        return byPath.containsKey(path);
    }

    /** The live map, read by batch checks while the lock is held. */
    Map<String, DeviceNode> byPath() {
        return byPath;
    }

    /** The live bus → name → path index, read by batch checks while the lock is held. */
    Map<String, Map<String, String>> namesOnBus() {
        return namesOnBus;
    }

    /** A copy in list order, so that a walk may change the list. */
    List<DeviceNode> inOrder() {
        return new ArrayList<>(byPath.values());
    }

    /** {@code device_add()}: at the tail; the device keeps its add order for its bus ({@code klist_devices}). */
    void append(DeviceNode n) {
        n.position = nextPosition++;
        n.addSeq = n.position;
        byPath.put(n.path(), n);
        n.bus().ifPresent(b -> namesOnBus.computeIfAbsent(b, k -> new HashMap<>()).put(n.name(), n.path()));
    }

    void remove(DeviceNode n) {
        byPath.remove(n.path());
        n.bus().ifPresent(b -> namesOnBus.getOrDefault(b, new HashMap<>()).remove(n.name(), n.path()));
    }

    private void moveToTail(DeviceNode n) {
        byPath.remove(n.path());
        byPath.put(n.path(), n);
        n.position = nextPosition++;
        events.fire(DeviceEvent.Type.MOVED_TO_TAIL, n.path(), null, "");
    }

    /**
     * Linux's {@code device_reorder_to_tail()}: the device, then its children (in add order), then the consumers of
     * its links (in link order), each with its own children and consumers; links that only exist for sync-state are
     * not followed.
     */
    void reorderToTail(DeviceNode n) {
        moveToTail(n);
        for (DeviceNode child : new ArrayList<>(n.childNodes())) {
            reorderToTail(child);
        }
        for (LinkNode l : new ArrayList<>(n.consumerLinkNodes())) {
            if (!l.syncStateOnly()) {
                reorderToTail(l.consumer);
            }
        }
    }

    /** A copy in reverse list order, so that the walk may remove what it visits. */
    static List<DeviceNode> reversed(Collection<DeviceNode> nodes) {
        List<DeviceNode> r = new ArrayList<>(nodes);
        r.sort(DeviceNode.LIST_ORDER.reversed());
        return r;
    }
}
