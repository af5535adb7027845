package org.drivercore.core.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceListener;

/** Records every registry event in order. */
final class EventLog implements DeviceListener {

    private final List<DeviceEvent> events = new ArrayList<>();

    @Override
    public synchronized void deviceEvent(DeviceEvent event) {
        events.add(event);
    }

    synchronized List<DeviceEvent> all() {
        return List.copyOf(events);
    }

    synchronized void clear() {
        events.clear();
    }

    /** The events of these types, each as {@code "TYPE path"}. */
    List<String> of(DeviceEvent.Type first, DeviceEvent.Type... rest) {
        Set<DeviceEvent.Type> types = EnumSet.of(first, rest);
        List<String> out = new ArrayList<>();
        for (DeviceEvent e : all()) {
            if (types.contains(e.type())) {
                out.add(e.type() + " " + e.path());
            }
        }
        return out;
    }

    /** The paths of the events of this type, in order. */
    List<String> paths(DeviceEvent.Type type) {
        List<String> out = new ArrayList<>();
        for (DeviceEvent e : all()) {
            if (e.type() == type) {
                out.add(e.path());
            }
        }
        return out;
    }
}
