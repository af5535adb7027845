package org.drivercore.shell.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.MachineService;
import org.drivercore.common.gogo.Usage;
import org.drivercore.common.text.Plural;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What a user does through sysfs, scope {@code dc}: {@code bind} and {@code unbind} (a driver's {@code bind} and
 * {@code unbind} files), {@code rescan} ({@code bus_rescan_devices()}), {@code add} and {@code remove} one device
 * (a hot-plug and a {@code remove} file). Each follows the registry's Linux rules; a refused request changes nothing
 * and says why (docs/linux-fidelity.md, "Device control").
 */
@Component(service = DeviceControlCommands.class)
@GogoCommand(scope = "dc", function = { "bind", "unbind", "rescan", "add", "remove" })
public final class DeviceControlCommands {

    private static final String DEVICE = "the device: its path, its name (nvme0) or the end of its path";
    private static final String NOTHING_ELSE = "nothing else is taken";

    private final DeviceRegistry registry;
    private final Views views;

    @Activate
    public DeviceControlCommands(@Reference(name = "registry") DeviceRegistry registry,
            @Reference(name = "machines") MachineService machines) {
        this.registry = registry;
        this.views = new Views(registry, machines);
    }

    @Descriptor("bind a device without a driver to the named driver of its bus, as echo DEVICE > "
            + "/sys/bus/BUS/drivers/DRIVER/bind: the bus must match them (a driver_override wins); the probe runs now")
    public String bind(@Descriptor(DEVICE) String device, @Descriptor("the driver's name") String driver,
            @Descriptor(NOTHING_ELSE) String... unexpected) {
        Device d = views.resolve("bind", device);
        Usage.noMore(DeviceControlCommands.class, "bind", unexpected);
        registry.bind(d.path(), driver);
        return "Bound " + d.path() + " to driver '" + driver + "'" + created(d) + "\n";
    }

    @Descriptor("unbind a device from its driver, as echo DEVICE > /sys/bus/BUS/drivers/DRIVER/unbind: its managed "
            + "consumers are unbound first and what its probe created is removed")
    public String unbind(@Descriptor("the driver it must be bound to (default: whichever)") @Parameter(names = "--driver",
            absentValue = "") String driver, @Descriptor(DEVICE) String device,
            @Descriptor(NOTHING_ELSE) String... unexpected) {
        Device d = views.resolve("unbind", device);
        Usage.noMore(DeviceControlCommands.class, "unbind", unexpected);
        String was = d.driver().orElse("-");
        registry.unbind(d.path(), driver.isEmpty() ? null : driver);
        return "Unbound " + d.path() + " from driver '" + was + "'\n";
    }

    @Descriptor("offer every device without a driver to the drivers again, as bus_rescan_devices() (each bus's "
            + "drivers_probe); a driver_override set since counts now")
    public String rescan(@Descriptor("only this bus (default: every bus)") @Parameter(names = "--bus",
            absentValue = "") String bus, @Descriptor(NOTHING_ELSE) String... unexpected) {
        Usage.noMore(DeviceControlCommands.class, "rescan", unexpected);
        List<Device> bound = registry.rescan(bus.isEmpty() ? Optional.empty() : Optional.of(bus));
        StringBuilder b = new StringBuilder("Rescanned ").append(bus.isEmpty() ? "every bus" : "bus " + bus)
                .append(": ").append(Plural.of(bound.size(), "device")).append(" bound\n");
        for (Device d : bound) {
            b.append("  ").append(d.path()).append(" -> ").append(d.driver().orElse("?")).append('\n');
        }
        return b.toString();
    }

    @Descriptor("add one device, as a hot-plug (device_add()): appended to the device list and probed; its parent is "
            + "--parent, else the registered device whose path is the longest prefix of PATH")
    public String add(@Descriptor("its bus (none: a class device, with SUBSYSTEM=CLASS among the properties)")
            @Parameter(names = "--bus", absentValue = "") String bus,
            @Descriptor("its parent's path") @Parameter(names = "--parent", absentValue = "") String parent,
            @Descriptor("its driver_override") @Parameter(names = "--driver", absentValue = "") String driver,
            @Descriptor("its new device's path, e.g. /devices/platform/serial8250") String path,
            @Descriptor("its properties, KEY=VALUE (MODALIAS=... matches an id table)") String... properties) {
        if (path.startsWith("-")) {
            Usage.noMore(DeviceControlCommands.class, "add", new String[] { path });
        }
        Map<String, String> props = new LinkedHashMap<>();
        for (String p : properties) {
            int eq = p.indexOf('=');
            if (p.startsWith("-") || eq <= 0) {
                throw new IllegalArgumentException("add: " + (p.startsWith("-") ? "unknown option '" + p + "'"
                        : "'" + p + "' is not KEY=VALUE") + " (usage: " + Usage.of(DeviceControlCommands.class, "add")
                        + ")");
            }
            props.put(p.substring(0, eq), p.substring(eq + 1));
        }
        DeviceSpec.Builder spec = DeviceSpec.builder(path).properties(props);
        if (!bus.isEmpty()) {
            spec.bus(bus);
        }
        String parentPath = parent.isEmpty() ? nearestAncestor(path) : parent;
        if (parentPath != null) {
            spec.parent(parentPath);
        }
        if (!driver.isEmpty()) {
            spec.driver(driver);
        }
        Device d = registry.add(spec.build());
        return "Added " + d.path() + (parentPath == null ? "" : " under " + parentPath) + ": " + Views.state(d)
                + d.driver().map(x -> " to driver '" + x + "'").orElse("")
                + (Views.why(d).isEmpty() ? "" : " (" + Views.why(d) + ")") + created(d) + "\n";
    }

    @Descriptor("remove one device and its children, as device_del() (a PCI device's remove file): children first, "
            + "each unbound after its running shutdown; the links it takes part in are purged")
    public String remove(@Descriptor(DEVICE) String device, @Descriptor(NOTHING_ELSE) String... unexpected) {
        Device d = views.resolve("remove", device);
        Usage.noMore(DeviceControlCommands.class, "remove", unexpected);
        int before = registry.devices().size();
        registry.remove(d.path());
        int gone = before - registry.devices().size();
        return "Removed " + d.path() + (gone > 1 ? " and " + Plural.of(gone - 1, "device") + " under it or created "
                + "by its drivers" : "") + "\n";
    }

    /** The registered device whose path is the longest proper prefix of {@code path} (at a '/'), or null. */
    private String nearestAncestor(String path) {
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            String prefix = path.substring(0, slash);
            if (registry.device(prefix).isPresent()) {
                return prefix;
            }
        }
        return null;
    }

    /** What the probe added, if anything. */
    private String created(Device d) {
        int children = registry.device(d.path()).map(x -> x.children().size()).orElse(0);
        return children == 0 ? "" : "; " + Plural.of(children, "child", "children") + " now";
    }
}
