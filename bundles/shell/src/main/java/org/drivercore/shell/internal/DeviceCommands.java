package org.drivercore.shell.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
import org.drivercore.api.EnumNames;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.MachineService;
import org.drivercore.api.shutdown.AsyncSource;
import org.drivercore.common.callout.Callouts;
import org.drivercore.common.gogo.Usage;
import org.drivercore.common.text.Plural;
import org.drivercore.common.text.Terminal;
import org.drivercore.common.text.TextTable;
import org.drivercore.common.text.Wrap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands that list the registry, scope {@code dc}. Each returns its whole output as a string; with
 * {@code --json} that string is exactly one JSON document, with full paths (tables shorten them to fit the terminal).
 * Usage errors are {@link IllegalArgumentException}s that name the argument.
 */
@Component(service = DeviceCommands.class)
@GogoCommand(scope = "dc", function = { "devices", "tree", "drivers", "buses", "classes", "links" })
public final class DeviceCommands {

    private static final String JSON_FLAG = Views.JSON_FLAG;
    private static final String NOTHING_ELSE = "nothing else is taken";

    private final DeviceRegistry registry;
    private final Views views;

    @Activate
    public DeviceCommands(@Reference(name = "registry") DeviceRegistry registry,
            @Reference(name = "machines") MachineService machines) {
        this.registry = registry;
        this.views = new Views(registry, machines);
    }

    @Descriptor("list devices in device-list order (shutdown walks it in reverse): bus or class, driver, state and why "
            + "a device is not bound, whether it has shutdown work, its async shutdown flags")
    public String devices(@Descriptor("print one JSON document") @Parameter(names = JSON_FLAG, presentValue = "true",
            absentValue = "false") boolean json, @Descriptor(NOTHING_ELSE) String... unexpected) {
        Usage.noMore(DeviceCommands.class, "devices", unexpected);
        List<Device> devices = registry.devices();
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            int index = 0;
            for (Device d : devices) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("index", index++);
                m.put("path", d.path());
                m.put("name", d.name());
                m.put("bus", d.bus().orElse(null));
                m.put("class", d.deviceClass().orElse(null));
                m.put("parent", d.parent().map(Device::path).orElse(null));
                m.put("driver", d.driver().orElse(null));
                m.put("recordedDriver", d.recordedDriver().orElse(null));
                m.put("matchDriver", d.matchDriver());
                m.put("state", d.state().name());
                m.put("stateReason", d.stateReason().orElse(null));
                m.put("shutdownWork", views.hasShutdownWork(d));
                m.put("asyncFlags", views.asyncFlags(d).stream().map(AsyncSource::externalName).toList());
                out.add(m);
            }
            return views.json("devices", out);
        }
        // The state last: with why a device is not bound, it is the longest cell, and the first to be clipped.
        TextTable t = new TextTable("#", "PATH", "BUS/CLASS", "DRIVER", "WORK", "ASYNC FLAGS", "STATE");
        int index = 0;
        for (Device d : devices) {
            String why = Views.why(d);
            t.row(index++, d.path(), Views.busOrClass(d), d.driver().orElse("-"), views.hasShutdownWork(d) ? "yes" : "-",
                    Views.flagsText(views.asyncFlags(d)), Views.state(d) + (why.isEmpty() ? "" : ": " + why));
        }
        return views.machineLine() + t.fit(Terminal.columns(), 1)
                + Plural.of(devices.size(), "device") + "; dc:device PATH shows one in full\n";
    }

    @Descriptor("show the device hierarchy, siblings in device-list order")
    public String tree(@Descriptor("print one JSON document") @Parameter(names = JSON_FLAG, presentValue = "true",
            absentValue = "false") boolean json, @Descriptor(NOTHING_ELSE) String... unexpected) {
        Usage.noMore(DeviceCommands.class, "tree", unexpected);
        List<Device> roots = registry.devices().stream().filter(d -> d.parent().isEmpty()).toList();
        if (json) {
            return views.json("roots", roots.stream().map(this::treeNode).toList());
        }
        StringBuilder b = new StringBuilder(views.machineLine());
        for (Device root : roots) {
            tree(b, root, "", "");
        }
        return b.toString();
    }

    private Map<String, Object> treeNode(Device d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", d.path());
        m.put("name", d.name());
        m.put("bus", d.bus().orElse(null));
        m.put("class", d.deviceClass().orElse(null));
        m.put("driver", d.driver().orElse(null));
        m.put("state", d.state().name());
        m.put("children", d.children().stream().map(this::treeNode).toList());
        return m;
    }

    private void tree(StringBuilder b, Device d, String lead, String childLead) {
        b.append(lead).append(d.name());
        d.bus().ifPresent(bus -> b.append(" [").append(bus).append(']'));
        d.deviceClass().ifPresent(c -> b.append(" (class ").append(c).append(')'));
        d.driver().ifPresent(drv -> b.append(" <").append(drv).append('>'));
        if (d.state() != DeviceState.BOUND && d.bus().isPresent()) {
            b.append(' ').append(d.state());
        }
        b.append('\n');
        List<Device> children = d.children();
        for (int i = 0; i < children.size(); i++) {
            boolean last = i == children.size() - 1;
            tree(b, children.get(i), childLead + (last ? "`-- " : "|-- "), childLead + (last ? "    " : "|   "));
        }
    }

    @Descriptor("list registered drivers: bus, the bundle they come from, whether they bind or stand by (the highest "
            + "ranking of a name binds; the modelled driver is a fallback), initcall level, probe type, async shutdown "
            + "opt-in, bound devices, and the shutdown model (what the callback does and what its time depends on)")
    public String drivers(@Descriptor("print one JSON document") @Parameter(names = JSON_FLAG, presentValue = "true",
            absentValue = "false") boolean json, @Descriptor(NOTHING_ELSE) String... unexpected) {
        Usage.noMore(DeviceCommands.class, "drivers", unexpected);
        List<Device> devices = registry.devices();
        List<Map<String, Object>> out = new ArrayList<>();
        TextTable t = new TextTable("DRIVER", "BUS", "BUNDLE", "ROLE", "INITCALL", "PROBE", "ASYNC", "BOUND");
        Map<String, List<String>> byModel = new LinkedHashMap<>();
        for (Driver d : registry.drivers()) {
            long bound = devices.stream().filter(x -> x.boundDriver().filter(b -> b == d).isPresent()).count();
            String role = registry.isActive(d) ? "active" : "stand-by";
            String bundle = Views.bundleOf(d);
            String model = Callouts.call(d::shutdownModel, e -> "? (" + e + ")");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.name());
            m.put("bus", d.bus());
            m.put("bundle", bundle);
            m.put("role", role);
            m.put("ranking", registry.ranking(d));
            m.put("initcall", EnumNames.external(d.initcall()));
            m.put("probeType", EnumNames.external(d.probeType()));
            m.put("asyncShutdown", d.asyncShutdown());
            m.put("shutdownModel", model);
            m.put("boundDevices", bound);
            m.put("ids", d.idTable());
            out.add(m);
            t.row(d.name(), d.bus(), bundle.replaceFirst("^org\\.drivercore\\.", ""), role, EnumNames.external(d.initcall()),
                    EnumNames.external(d.probeType()), d.asyncShutdown() ? "driver" : "-", bound);
            byModel.computeIfAbsent(model, k -> new ArrayList<>()).add(d.name());
        }
        if (json) {
            return views.json("drivers", out);
        }
        StringBuilder b = new StringBuilder(t.toString()).append(Plural.of(out.size(), "driver"))
                .append(" (bundles org.drivercore.*)\n\nShutdown models (what the callback does, what its time depends on):\n");
        byModel.forEach((model, names) -> b.append(Wrap.hanging("  " + String.join(", ", names) + ": " + model,
                Terminal.columns(), "      ")));
        return b.toString();
    }

    @Descriptor("list registered bus types and their devices")
    public String buses(@Descriptor("print one JSON document") @Parameter(names = JSON_FLAG, presentValue = "true",
            absentValue = "false") boolean json, @Descriptor(NOTHING_ELSE) String... unexpected) {
        Usage.noMore(DeviceCommands.class, "buses", unexpected);
        List<Device> devices = registry.devices();
        List<Map<String, Object>> out = new ArrayList<>();
        TextTable t = new TextTable("BUS", "DEVICES", "BOUND", "HOOKS");
        for (BusType b : registry.busTypes()) {
            List<Device> on = devices.stream().filter(d -> d.bus().equals(Optional.of(b.name()))).toList();
            long bound = on.stream().filter(d -> d.state() == DeviceState.BOUND).count();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", b.name());
            m.put("devices", on.size());
            m.put("boundDevices", bound);
            m.put("shutdownHook", b.hasShutdown());
            out.add(m);
            t.row(b.name(), on.size(), bound, b.hasShutdown() ? "shutdown" : "-");
        }
        return json ? views.json("buses", out) : t.toString();
    }

    @Descriptor("list every device class present (on a device or registered as a service), its devices, the bundle "
            + "that serves it and whether it has a shutdown_pre hook")
    public String classes(@Descriptor("print one JSON document") @Parameter(names = JSON_FLAG, presentValue = "true",
            absentValue = "false") boolean json, @Descriptor(NOTHING_ELSE) String... unexpected) {
        Usage.noMore(DeviceCommands.class, "classes", unexpected);
        Map<String, Long> counts = new TreeMap<>();
        for (Device d : registry.devices()) {
            d.deviceClass().ifPresent(c -> counts.merge(c, 1L, Long::sum));
        }
        Map<String, DeviceClass> services = new LinkedHashMap<>();
        for (DeviceClass c : registry.deviceClasses()) {
            services.putIfAbsent(c.name(), c); // the first class of a name stands
            counts.putIfAbsent(c.name(), 0L);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        TextTable t = new TextTable("CLASS", "DEVICES", "BUNDLE", "HOOKS");
        counts.forEach((name, n) -> {
            DeviceClass c = services.get(name);
            boolean pre = c != null && c.hasShutdownPre();
            String bundle = c == null ? "-" : Views.bundleOf(c);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("devices", n);
            m.put("bundle", c == null ? null : bundle);
            m.put("shutdownPre", pre);
            out.add(m);
            t.row(name, n, bundle, pre ? "shutdown_pre" : "-");
        });
        return json ? views.json("classes", out) : t + Plural.of(out.size(), "class", "classes")
                + "; a class without a bundle has no hook (as most classes in Linux)\n";
    }

    @Descriptor("list device links with Linux's flags and state: the consumer probes after and shuts down before "
            + "its supplier (a sync-state-only link orders neither)")
    public String links(@Descriptor("print one JSON document") @Parameter(names = JSON_FLAG, presentValue = "true",
            absentValue = "false") boolean json, @Descriptor(NOTHING_ELSE) String... unexpected) {
        Usage.noMore(DeviceCommands.class, "links", unexpected);
        List<Map<String, Object>> out = new ArrayList<>();
        TextTable t = new TextTable("SUPPLIER", "CONSUMER", "FLAGS", "STATE");
        for (DeviceLink l : registry.links()) {
            List<String> flags = l.flags().stream().map(LinkFlag::externalName).toList();
            String state = l.state() == null ? "-" : l.state().name();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("supplier", l.supplierPath());
            m.put("consumer", l.consumerPath());
            m.put("flags", flags);
            m.put("bits", l.flags().stream().mapToInt(LinkFlag::bit).sum());
            m.put("state", state);
            out.add(m);
            int half = Terminal.columns() / 3;
            t.row(TextTable.shortenLeft(l.supplierPath(), half), TextTable.shortenLeft(l.consumerPath(), half),
                    flags.isEmpty() ? "-" : String.join(",", flags), state);
        }
        return json ? views.json("links", out) : t + Plural.of(out.size(), "link") + "\n";
    }
}
