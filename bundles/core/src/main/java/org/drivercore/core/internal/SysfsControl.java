package org.drivercore.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceState;
import org.drivercore.api.Driver;
import org.drivercore.api.RegistryException;

/**
 * What a user changes through sysfs: {@code bind}, {@code unbind}, {@code driver_override}, {@code drivers_probe}
 * and a bus rescan, with the kernel's checks in the kernel's order (drivers/base/bus.c, Linux 6.18). Called with the
 * registry locked; a refused request changes nothing and says why, as the kernel's errno would.
 */
final class SysfsControl {

    /**
     * The buses that have a {@code driver_override} file in Linux 6.18: the callers of {@code driver_set_override()}
     * (drivers/base/driver.c). USB and SCSI have none. (The generic one of {@code struct device}, cb3d1049f4ea, came
     * in 2026.)
     */
    static final Set<String> DRIVER_OVERRIDE_BUSES = Set.of("platform", "pci", "amba", "fsl-mc", "cdx", "vmbus", "wmi",
            "rpmsg", "css", "spi", "vdpa");

    private final DeviceCore core;
    private final DeviceList list;
    private final DriverTable drivers;
    private final Binding binding;
    private final DeferredProbe deferred;

    SysfsControl(DeviceCore core, DeviceList list, DriverTable drivers, Binding binding, DeferredProbe deferred) {
        this.core = core;
        this.list = list;
        this.drivers = drivers;
        this.binding = binding;
        this.deferred = deferred;
    }

    /**
     * {@code bind_store()}: the device, found on the driver's bus, is probed by that driver if the bus matches them
     * ({@code driver_match_device()}, where a {@code driver_override} wins) and it has no driver
     * ({@code __driver_probe_device()}: -EBUSY otherwise; the match comes first, so a driver that does not match a bound
     * device is -ENODEV). A failed probe is an error, as the write fails in Linux; a deferred one is -EAGAIN and is not
     * retried ({@code device_driver_attach()} does not queue it, unlike {@code driver_probe_device()}): the device is
     * taken off the deferred list, unless it was on it before.
     */
    Device bind(String path, String driverName) {
        DeviceNode n = device(path);
        Driver d = activeDriver(n, driverName);
        BusType bus = core.busType(d.bus());
        if (bus == null) {
            throw new RegistryException(path, "bus type '" + d.bus() + "' is not registered");
        }
        if (!binding.matches(bus, n, d)) {
            throw new RegistryException(path, "driver '" + driverName + "' does not match it (ENODEV): "
                    + whyNoMatch(n, driverName));
        }
        if (n.state() == DeviceState.BOUND || n.state() == DeviceState.PROBING) {
            throw new RegistryException(path, "already bound to driver '" + n.driver().orElse("?") + "' (EBUSY): "
                    + "unbind it first");
        }
        if (core.isProbingBlocked()) {
            throw new RegistryException(path, "probing is blocked (EAGAIN): a system shutdown has started");
        }
        boolean wasDeferred = n.state() == DeviceState.DEFERRED;
        binding.probeOne(n, bus, d);
        if (n.state() == DeviceState.DEFERRED) {
            String reason = n.stateReason().orElse("deferred");
            if (!wasDeferred) {
                // Not queued by this bind; one already on the pending list stays there, as in Linux.
                deferred.remove(n);
                n.setState(DeviceState.UNBOUND, "a bind by '" + driverName + "' deferred (EAGAIN), not retried: "
                        + reason);
            }
            throw new RegistryException(path, "driver '" + driverName + "' deferred its probe (EAGAIN): " + reason
                    + "; a bind is not retried (bind again, or rescan, once the reason is gone)");
        }
        if (n.state() != DeviceState.BOUND) {
            throw new RegistryException(path, "driver '" + driverName + "' did not bind it: " + n.state()
                    + n.stateReason().map(r -> " (" + r + ")").orElse(""));
        }
        return n;
    }

    private static String whyNoMatch(DeviceNode n, String driverName) {
        if (!n.matchDriver()) {
            return "its bus does not offer it to drivers (PCI's match_driver is off: the dump recorded it unbound)";
        }
        return n.recordedDriver().filter(o -> !o.equals(driverName))
                .map(o -> "its driver_override is '" + o + "'")
                .orElse("the bus's match found no id of the driver's table");
    }

    /** {@code unbind_store()}: the device must be bound to that driver (-ENODEV otherwise); its consumers go first. */
    Device unbind(String path, String driverName) {
        DeviceNode n = device(path);
        if (n.state() != DeviceState.BOUND) {
            throw new RegistryException(path, "not bound to a driver (ENODEV)");
        }
        if (driverName != null && !n.driver().orElse("").equals(driverName)) {
            throw new RegistryException(path, "bound to driver '" + n.driver().orElse("?") + "', not '" + driverName
                    + "' (ENODEV)");
        }
        core.refuseWaitForOwnShutdown(n, false);
        binding.unbind(n);
        n.setState(DeviceState.UNBOUND, "unbound by the user");
        return n;
    }

    /**
     * {@code driver_override}: from now on only the named driver matches the device (none: back to the bus's
     * match). Nothing is probed: the override counts at the next bind, rescan or {@code drivers_probe}.
     */
    Device setDriverOverride(String path, Optional<String> driverName) {
        DeviceNode n = device(path);
        if (n.bus().isEmpty()) {
            throw new RegistryException(path, "a class device has no driver_override (only bus devices bind)");
        }
        if (!DRIVER_OVERRIDE_BUSES.contains(n.bus().get())) {
            throw new RegistryException(path, "bus '" + n.bus().get() + "' has no driver_override in Linux 6.18 (only "
                    + String.join(", ", DRIVER_OVERRIDE_BUSES.stream().sorted().toList()) + "); bind and unbind work on "
                    + "every bus");
        }
        driverName.ifPresent(name -> {
            if (name.isBlank() || name.length() > 255 || name.chars().anyMatch(Character::isWhitespace)) {
                throw new RegistryException(path, "driver_override takes one driver name (no spaces, at most 255 "
                        + "characters), not '" + name + "'");
            }
        });
        n.setDriverOverride(driverName);
        return n;
    }

    /**
     * {@code bus_rescan_devices()} (no bus: every bus, as writing each bus's {@code drivers_probe}): every device
     * without a driver is offered to the drivers again, in device-list order. Returns the devices that bound.
     */
    List<Device> rescan(Optional<String> busName) {
        busName.ifPresent(name -> {
            if (core.busType(name) == null) {
                throw new RegistryException((String) null, "no bus type '" + name + "' is registered");
            }
        });
        if (core.isProbingBlocked()) {
            throw new RegistryException((String) null, "probing is blocked: a system shutdown has started");
        }
        List<DeviceNode> candidates = list.inOrder().stream()
                .filter(n -> n.bus().isPresent() && busName.map(b -> n.bus().get().equals(b)).orElse(true))
                .filter(n -> n.state() != DeviceState.BOUND)
                .toList();
        List<Device> bound = new ArrayList<>();
        for (DeviceNode n : candidates) {
            if (n.isAlive() && n.state() != DeviceState.BOUND) {
                binding.tryBind(n);
            }
        }
        core.drainWork(); // the async probes and the deferred-probe work this started
        for (DeviceNode n : candidates) {
            if (n.isAlive() && n.state() == DeviceState.BOUND) {
                bound.add(n);
            }
        }
        return bound;
    }

    private DeviceNode device(String path) {
        DeviceNode n = list.get(path);
        if (n == null) {
            throw new RegistryException(path, "no such device");
        }
        return n;
    }

    /** The driver of that name on the device's bus that binds (the highest ranking; stand-bys do not). */
    private Driver activeDriver(DeviceNode n, String driverName) {
        String bus = n.bus().orElseThrow(() -> new RegistryException(n.path(), "a class device binds no driver"));
        List<Driver> named = drivers.all().stream().filter(d -> d.name().equals(driverName)).toList();
        if (named.isEmpty()) {
            throw new RegistryException(n.path(), "no driver '" + driverName + "' is registered");
        }
        return named.stream().filter(d -> d.bus().equals(bus) && drivers.isActive(d)).findFirst()
                .orElseThrow(() -> new RegistryException(n.path(), "driver '" + driverName + "' is on bus '"
                        + named.get(0).bus() + "', the device on bus '" + bus + "' (ENODEV)"));
    }
}
