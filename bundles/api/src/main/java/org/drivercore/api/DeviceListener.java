package org.drivercore.api;

/**
 * Whiteboard service: receives every {@link DeviceEvent}, synchronously, on the thread that changed the
 * registry, while the registry is locked. Keep it short and do not call back into the registry from
 * another thread while handling an event.
 */
@org.osgi.annotation.versioning.ConsumerType
@FunctionalInterface
public interface DeviceListener {
    void deviceEvent(DeviceEvent event);
}
