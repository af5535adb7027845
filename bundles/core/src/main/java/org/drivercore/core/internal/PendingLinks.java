package org.drivercore.core.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.drivercore.api.DeviceLink;

/**
 * The links of a batch that are not made yet, indexed by the end each still waits for, so that a device appended
 * makes only the links it completes ({@code fw_devlink} makes a device's links at its {@code device_add()}): a batch
 * of N devices and L links costs N + L, not N × L. Links between devices already registered are made with the batch's
 * first device. Guarded by the registry's lock.
 */
final class PendingLinks {

    private final List<DeviceLink> links;
    private final BitSet made;
    /** Path of a missing end → indexes of the links waiting for it. */
    private final Map<String, List<Integer>> waitingFor = new HashMap<>();
    private List<Integer> ready = new ArrayList<>();

    PendingLinks(List<DeviceLink> links, DeviceList list) {
        this.links = links;
        this.made = new BitSet(links.size());
        for (int i = 0; i < links.size(); i++) {
            index(i, list);
        }
    }

    private void index(int i, DeviceList list) {
        DeviceLink l = links.get(i);
        if (!list.contains(l.supplierPath())) {
            waitingFor.computeIfAbsent(l.supplierPath(), k -> new ArrayList<>(1)).add(i);
        } else if (!list.contains(l.consumerPath())) {
            waitingFor.computeIfAbsent(l.consumerPath(), k -> new ArrayList<>(1)).add(i);
        } else {
            ready.add(i);
        }
    }

    /**
     * The links that can be made now that {@code path} is registered, in the batch's order, by their index: each stays
     * on this list until {@link #made} says it was made, so that a link whose making failed is still released.
     */
    List<Integer> completedBy(String path, DeviceList list) {
        List<Integer> candidates = ready;
        ready = new ArrayList<>();
        List<Integer> waiting = waitingFor.remove(path);
        if (waiting != null) {
            for (int i : waiting) {
                index(i, list);
            }
            candidates.addAll(ready);
            ready = new ArrayList<>();
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        candidates.sort(null);
        return candidates;
    }

    DeviceLink link(int i) {
        return links.get(i);
    }

    void made(int i) {
        made.set(i);
    }

    /** What no device of the batch completed, in the batch's order: links naming devices a probe will create. */
    List<DeviceLink> remaining() {
        List<DeviceLink> out = new ArrayList<>();
        for (int i = made.nextClearBit(0); i < links.size(); i = made.nextClearBit(i + 1)) {
            out.add(links.get(i));
        }
        return out;
    }
}
