package org.drivercore.core.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceListener;
import org.drivercore.common.callout.Callouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry events for the whiteboard's {@link DeviceListener}s, delivered in the order things happen, on the
 * thread that changed the registry and under its lock. A listener that throws is logged and the others still hear.
 */
final class Events {

    private static final Logger LOG = LoggerFactory.getLogger(Events.class);

    private final List<DeviceListener> listeners = new CopyOnWriteArrayList<>();

    void add(DeviceListener listener) {
        listeners.add(listener);
    }

    void remove(DeviceListener listener) {
        listeners.remove(listener);
    }

    void fire(DeviceEvent.Type type, String path, String driver, String detail) {
        DeviceEvent event = new DeviceEvent(type, path, Optional.ofNullable(driver), detail);
        for (DeviceListener l : listeners) {
            Callouts.run(() -> l.deviceEvent(event), e -> LOG.warn("Device listener {} threw on {}", l, event, e));
        }
    }
}
