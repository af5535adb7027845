package org.drivercore.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node of the device tree, as the registry holds it. Handles are live: state, driver and the async
 * flag change as the registry binds and unbinds. Everything else is fixed when the device is added.
 */
@org.osgi.annotation.versioning.ProviderType
public interface Device {

    /** The sysfs devpath, unique in the registry, e.g. {@code /devices/pci0000:00/0000:00:1d.0}. */
    String path();

    /** The name, unique on its bus (the last path segment unless given). */
    String name();

    /** The bus the device sits on; empty for class and virtual devices. */
    Optional<String> bus();

    /**
     * The device class for a class device: the {@code SUBSYSTEM} property of a device without a bus, as
     * udev records {@code block}, {@code net} or {@code tpm} devices; empty for a device on a bus.
     */
    default Optional<String> deviceClass() {
        return bus().isPresent() ? Optional.empty() : Optional.ofNullable(properties().get("SUBSYSTEM"));
    }

    /** The parent; empty for roots. */
    Optional<Device> parent();

    /** The children, in device-list order. */
    List<Device> children();

    /** Properties as recorded (udev's {@code E:} lines, a machine file's {@code properties}). */
    Map<String, String> properties();

    /**
     * The driver name recorded for this device. It works like Linux's {@code driver_override}: only the
     * driver of that name binds the device, even without an id-table match.
     */
    Optional<String> recordedDriver();

    /** Whether a driver may be matched to the device at all ({@link DeviceSpec#matchDriver()}). */
    default boolean matchDriver() {
        return true;
    }

    /** The name of the bound driver. */
    Optional<String> driver();

    /**
     * The bound driver itself, as the registry bound it: while a driver bundle is being updated two drivers of
     * one name may be registered, and only this one is the device's.
     */
    Optional<Driver> boundDriver();

    DeviceState state();

    /** Why the device is deferred or failed, or why it waits; empty otherwise. */
    Optional<String> stateReason();

    /**
     * The device's own async-shutdown opt-in, set by its driver in probe (drivercore's per-device opt-in; see
     * {@link org.drivercore.api.shutdown.AsyncSource#DEVICE}); cleared when the driver unbinds.
     */
    boolean isAsyncShutdownEnabled();

    /** Opts this device in to asynchronous shutdown, from its driver's probe; the flag is cleared on unbind. */
    void enableAsyncShutdown();

    /**
     * Whether the subsystem flagged the device for asynchronous shutdown when it created it (v18's
     * {@code dev_set_async_shutdown()}, see {@link BusType#flagsAsyncShutdown}); whatever its driver, never cleared.
     */
    boolean isSubsystemAsyncShutdown();

    /** Links in which this device is the consumer. */
    List<DeviceLink> supplierLinks();

    /** Links in which this device is the supplier. */
    List<DeviceLink> consumerLinks();

    /**
     * Devices that this device's driver creates when it probes (an NVMe controller's namespaces, a SCSI
     * host's targets), as recorded in the machine. A driver that models real hardware adds them through
     * {@link ProbeContext#addChild(DeviceSpec)}.
     */
    List<DeviceSpec> probeChildren();
}
