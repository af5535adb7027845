package org.drivercore.shell.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceClass;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.DeviceState;
import org.drivercore.api.Driver;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.MachineService;
import org.drivercore.api.shutdown.AsyncSource;
import org.drivercore.common.callout.Callouts;
import org.drivercore.common.gogo.Usage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code dc:device PATH}: everything about one device, its recorded properties first as {@code udevadm info -p}
 * prints them ({@code P:} path, {@code M:} name, {@code U:} subsystem, {@code E:} properties), then what the registry
 * knows: state and why, driver and bundle, driver_override, the async flags and who set each, links, children, and
 * the shutdown work {@code device_shutdown()} would run with its latency model.
 */
@Component(service = DeviceInfoCommand.class)
@GogoCommand(scope = "dc", function = "device")
public final class DeviceInfoCommand {

    private final Views views;

    @Activate
    public DeviceInfoCommand(@Reference(name = "registry") DeviceRegistry registry,
            @Reference(name = "machines") MachineService machines) {
        this.views = new Views(registry, machines);
    }

    @Descriptor("show one device in full, as udevadm info -p does, with its state and why, driver, async flags and who "
            + "set them, links, children, and its shutdown work and latency model")
    public String device(@Descriptor("print one JSON document") @Parameter(names = Views.JSON_FLAG, presentValue = "true",
            absentValue = "false") boolean json,
            @Descriptor("the device: its path, its name (nvme0) or the end of its path") String path,
            @Descriptor("nothing else is taken") String... unexpected) {
        Device d = views.resolve("device", path);
        Usage.noMore(DeviceInfoCommand.class, "device", unexpected);
        Map<String, Object> m = describe(d);
        return json ? views.json("device", m) : render(d, m);
    }

    private Map<String, Object> describe(Device d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", d.path());
        m.put("name", d.name());
        m.put("bus", d.bus().orElse(null));
        m.put("class", d.deviceClass().orElse(null));
        m.put("properties", d.properties());
        m.put("state", d.state().name());
        m.put("stateReason", d.stateReason().orElse(null));
        m.put("driver", d.driver().orElse(null));
        m.put("driverBundle", d.boundDriver().map(Views::bundleOf).orElse(null));
        m.put("driverOverride", d.recordedDriver().orElse(null));
        Set<AsyncSource> flags = views.asyncFlags(d);
        Map<String, String> who = new LinkedHashMap<>();
        for (AsyncSource s : flags) {
            who.put(s.externalName(), whoSet(s, d));
        }
        m.put("asyncFlags", who);
        m.put("parent", d.parent().map(Device::path).orElse(null));
        m.put("children", d.children().stream().map(Device::path).toList());
        m.put("suppliers", links(d.supplierLinks(), true));
        m.put("consumers", links(d.consumerLinks(), false));
        m.put("shutdownWork", work(d));
        m.put("shutdownModel", d.boundDriver().map(drv -> Callouts.call(drv::shutdownModel, e -> "? (" + e + ")"))
                .orElse(null));
        return m;
    }

    private static List<Map<String, Object>> links(List<DeviceLink> links, boolean suppliers) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (DeviceLink l : links) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(suppliers ? "supplier" : "consumer", suppliers ? l.supplierPath() : l.consumerPath());
            m.put("flags", l.flags().stream().map(LinkFlag::externalName).toList());
            m.put("state", l.state() == null ? null : l.state().name());
            out.add(m);
        }
        return out;
    }

    /** Who set an async flag, in the words of the kernel generation that sets it that way. */
    private static String whoSet(AsyncSource s, Device d) {
        return switch (s) {
            case SUBSYSTEM -> "its subsystem, when it created the device (v18's dev_set_async_shutdown())";
            case DRIVER -> "its driver, driver-wide (v8's async_shutdown_enable in " + d.driver().orElse("?") + ")";
            case DEVICE -> "its driver's probe, for this device (drivercore's per-device flag)";
            case BUS_HOOKS -> "its bus's async_shutdown_start/end hooks, for an opted-in driver (the 2022 seed)";
            case ALL -> "the global switch (async=all)";
        };
    }

    /** What device_shutdown() runs for the device, in order (ShutdownChain). */
    private String work(Device d) {
        List<String> steps = new ArrayList<>();
        views.classOf(d).filter(DeviceClass::hasShutdownPre)
                .ifPresent(c -> steps.add("class " + c.name() + "'s shutdown_pre"));
        Optional<BusType> bus = views.busOf(d);
        Optional<Driver> driver = d.boundDriver();
        if (bus.isPresent() && bus.get().hasShutdown()) {
            steps.add("bus " + bus.get().name() + "'s shutdown" + driver.filter(Driver::hasShutdown)
                    .map(drv -> ", which calls driver " + drv.name() + "'s").orElse(" (no driver shutdown under it)"));
        } else if (driver.isPresent() && driver.get().hasShutdown()) {
            steps.add("driver " + driver.get().name() + "'s shutdown");
        }
        return steps.isEmpty() ? "none: an ordering-only device (its children and consumers still go first)"
                : String.join(", then ", steps);
    }

    @SuppressWarnings("unchecked")
    private static String render(Device d, Map<String, Object> m) {
        StringBuilder b = new StringBuilder();
        b.append("P: ").append(d.path()).append('\n');
        b.append("M: ").append(d.name()).append('\n');
        d.bus().or(d::deviceClass).ifPresent(u -> b.append("U: ").append(u).append('\n'));
        d.properties().forEach((k, v) -> b.append("E: ").append(k).append('=').append(v).append('\n'));
        b.append('\n');
        line(b, "bus", d.bus().orElse(d.deviceClass().map(c -> "- (a class device, class " + c + ")").orElse("-")));
        String state = d.state() == DeviceState.BOUND ? "BOUND to " + d.driver().orElse("?") + " (bundle "
                + m.get("driverBundle") + ")" : d.bus().isEmpty() ? "- (a class device binds no driver)"
                        : d.state() + d.stateReason().map(r -> ": " + r).orElse("");
        line(b, "state", state);
        line(b, "driver_override", d.recordedDriver().orElse("-"));
        Map<String, String> who = (Map<String, String>) m.get("asyncFlags");
        if (who.isEmpty()) {
            line(b, "async shutdown", "none: synchronous, in device-list order");
        }
        who.forEach((flag, by) -> line(b, "async shutdown", flag + ": set by " + by));
        line(b, "parent", d.parent().map(Device::path).orElse("-"));
        List<Device> children = d.children();
        line(b, "children", children.isEmpty() ? "none" : children.size() + ": " + String.join(", ",
                children.stream().limit(8).map(Device::name).toList()) + (children.size() > 8 ? ", ..." : ""));
        linkLines(b, "supplier", d.supplierLinks(), true);
        linkLines(b, "consumer", d.consumerLinks(), false);
        line(b, "shutdown work", (String) m.get("shutdownWork"));
        line(b, "shutdown model", m.get("shutdownModel") == null ? "-" : (String) m.get("shutdownModel"));
        return b.toString();
    }

    private static void linkLines(StringBuilder b, String label, List<DeviceLink> links, boolean suppliers) {
        if (links.isEmpty()) {
            line(b, label + "s", "none");
        }
        for (DeviceLink l : links) {
            line(b, label, (suppliers ? l.supplierPath() : l.consumerPath()) + " ["
                    + String.join(",", l.flags().stream().map(LinkFlag::externalName).toList()) + "] "
                    + (l.state() == null ? "" : l.state().name()));
        }
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(String.format("%-16s %s", label + ":", value)).append('\n');
    }
}
