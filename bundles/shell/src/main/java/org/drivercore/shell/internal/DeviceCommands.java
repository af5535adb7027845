package org.drivercore.shell.internal;

import java.nio.file.Path;
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
import org.drivercore.api.EnumNames;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.LoadedMachine;
import org.drivercore.api.MachineService;
import org.drivercore.api.shutdown.AsyncSource;
import org.drivercore.api.shutdown.ShutdownChain;
import org.drivercore.common.gogo.Usage;
import org.drivercore.common.json.Json;
import org.drivercore.common.text.TextTable;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands over the device registry, scope {@code dc}. Each returns its whole output as a string;
 * with {@code --json} that string is exactly one JSON document. Usage errors are
 * {@link IllegalArgumentException}s.
 */
@Component(service = DeviceCommands.class)
@GogoCommand(scope = "dc", function = { "devices", "tree", "drivers", "buses", "classes", "links", "load", "export" })
public final class DeviceCommands {

    private static final String JSON_FLAG = "--json";

    private final DeviceRegistry registry;
    private final MachineService machines;

    @Activate
    public DeviceCommands(@Reference(name = "registry") DeviceRegistry registry,
            @Reference(name = "machines") MachineService machines) {
        this.registry = registry;
        this.machines = machines;
    }

    @Descriptor("list devices in device-list order (shutdown walks it in reverse), with their async shutdown flags "
            + "and whether they have shutdown work")
    public String devices(@Descriptor("print one JSON document") @Parameter(names = JSON_FLAG, presentValue = "true",
            absentValue = "false") boolean json) {
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
                m.put("shutdownWork", hasShutdownWork(d));
                m.put("asyncFlags", asyncFlags(d).stream().map(AsyncSource::externalName).toList());
                out.add(m);
            }
            return json(document("devices", out));
        }
        TextTable t = new TextTable("#", "PATH", "BUS/CLASS", "DRIVER", "STATE", "WORK", "ASYNC FLAGS");
        int index = 0;
        for (Device d : devices) {
            Set<AsyncSource> flags = asyncFlags(d);
            t.row(index++, d.path(), busOrClass(d), d.driver().orElse("-"), state(d), hasShutdownWork(d) ? "yes" : "-",
                    flags.isEmpty() ? "-" : String.join(",", flags.stream().map(AsyncSource::externalName).toList()));
        }
        return machineLine() + t;
    }

    @Descriptor("show the device hierarchy, siblings in device-list order")
    public String tree(@Descriptor("print one JSON document") @Parameter(names = JSON_FLAG, presentValue = "true",
            absentValue = "false") boolean json) {
        List<Device> roots = registry.devices().stream().filter(d -> d.parent().isEmpty()).toList();
        if (json) {
            return json(document("roots", roots.stream().map(this::treeNode).toList()));
        }
        StringBuilder b = new StringBuilder(machineLine());
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
            + "ranking of a name binds; the modelled driver is a fallback), initcall level, probe type, async opt-in, "
            + "bound devices")
    public String drivers(@Descriptor("print one JSON document") @Parameter(names = JSON_FLAG, presentValue = "true",
            absentValue = "false") boolean json) {
        List<Device> devices = registry.devices();
        List<Map<String, Object>> out = new ArrayList<>();
        TextTable t = new TextTable("DRIVER", "BUS", "BUNDLE", "ROLE", "RANKING", "INITCALL", "PROBE", "ASYNC", "BOUND");
        for (Driver d : registry.drivers()) {
            long bound = devices.stream().filter(x -> x.boundDriver().filter(b -> b == d).isPresent()).count();
            String role = registry.isActive(d) ? "active" : "stand-by";
            String bundle = bundleOf(d);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.name());
            m.put("bus", d.bus());
            m.put("bundle", bundle);
            m.put("role", role);
            m.put("ranking", registry.ranking(d));
            m.put("initcall", EnumNames.external(d.initcall()));
            m.put("probeType", EnumNames.external(d.probeType()));
            m.put("asyncShutdown", d.asyncShutdown());
            m.put("boundDevices", bound);
            m.put("ids", d.idTable());
            out.add(m);
            t.row(d.name(), d.bus(), bundle, role, registry.ranking(d), EnumNames.external(d.initcall()),
                    EnumNames.external(d.probeType()), d.asyncShutdown() ? "driver" : "-", bound);
        }
        return json ? json(document("drivers", out)) : t.toString();
    }

    /** The symbolic name of the bundle the driver's class comes from; "-" outside OSGi. */
    private static String bundleOf(Driver d) {
        Bundle b = FrameworkUtil.getBundle(d.getClass());
        return b == null ? "-" : b.getSymbolicName();
    }

    @Descriptor("list registered bus types and their devices")
    public String buses(@Descriptor("print one JSON document") @Parameter(names = JSON_FLAG, presentValue = "true",
            absentValue = "false") boolean json) {
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
        return json ? json(document("buses", out)) : t.toString();
    }

    @Descriptor("list registered device classes, their devices, and whether the class has a shutdown_pre hook")
    public String classes(@Descriptor("print one JSON document") @Parameter(names = JSON_FLAG, presentValue = "true",
            absentValue = "false") boolean json) {
        List<Device> devices = registry.devices();
        List<Map<String, Object>> out = new ArrayList<>();
        TextTable t = new TextTable("CLASS", "DEVICES", "HOOKS");
        for (DeviceClass c : registry.deviceClasses()) {
            long of = devices.stream().filter(d -> d.deviceClass().equals(Optional.of(c.name()))).count();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("devices", of);
            m.put("shutdownPre", c.hasShutdownPre());
            out.add(m);
            t.row(c.name(), of, c.hasShutdownPre() ? "shutdown_pre" : "-");
        }
        return json ? json(document("classes", out)) : t.toString();
    }

    /** The bus, else {@code class NAME} for a class device, else {@code -}. */
    private static String busOrClass(Device d) {
        return d.bus().orElseGet(() -> d.deviceClass().map(c -> "class " + c).orElse("-"));
    }

    @Descriptor("list device links with Linux's flags and state: the consumer probes after and shuts down before "
            + "its supplier (a sync-state-only link orders neither)")
    public String links(@Descriptor("print one JSON document") @Parameter(names = JSON_FLAG, presentValue = "true",
            absentValue = "false") boolean json) {
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
            t.row(l.supplierPath(), l.consumerPath(), flags.isEmpty() ? "-" : String.join(",", flags), state);
        }
        return json ? json(document("links", out)) : t.toString();
    }

    @Descriptor("load a machine, all or nothing: a machine file, a udevadm export-db dump, a umockdev recording or a "
            + "sysfs directory such as /sys, told apart by content (no FILE: the embedded default machine)")
    public String load(@Descriptor("remove the devices already registered first") @Parameter(names = "--replace",
            presentValue = "true", absentValue = "false") boolean replace) {
        return describe(machines.loadDefault(replace));
    }

    @Descriptor("load a machine, all or nothing: a machine file, a udevadm export-db dump, a umockdev recording or a "
            + "sysfs directory such as /sys, told apart by content (no FILE: the embedded default machine)")
    public String load(@Descriptor("remove the devices already registered first") @Parameter(names = "--replace",
            presentValue = "true", absentValue = "false") boolean replace,
            @Descriptor("the machine: a file (see docs/machine-format.md) or a sysfs directory") String file) {
        if (file.startsWith("-")) {
            throw new IllegalArgumentException("load: unknown option '" + file + "' (usage: "
                    + Usage.of(DeviceCommands.class, "load") + ")");
        }
        return describe(machines.load(Path.of(file), replace));
    }

    @Descriptor("write the machine loaded last, as it was loaded, as a machine file (an imported tree becomes one "
            + "that can be read and edited)")
    public String export(@Descriptor("replace FILE if it exists") @Parameter(names = "--force", presentValue = "true",
            absentValue = "false") boolean force, @Descriptor("the machine file to write") String file) {
        if (file.startsWith("-")) {
            throw new IllegalArgumentException("export: unknown option '" + file + "' (usage: "
                    + Usage.of(DeviceCommands.class, "export") + ")");
        }
        machines.export(Path.of(file), force);
        LoadedMachine m = machines.current().orElseThrow();
        return "Wrote machine '" + m.name() + "' (" + (m.devices() + m.createdByDrivers()) + " devices, " + m.links()
                + " links, " + m.profiles().size() + " driver profiles) to " + file + "\n";
    }

    private static String describe(LoadedMachine m) {
        StringBuilder b = new StringBuilder();
        b.append("Loaded machine '").append(m.name()).append("' from ").append(m.source());
        if (!m.format().equals(LoadedMachine.MACHINE_FILE)) {
            b.append(" (").append(m.format()).append(')');
        }
        b.append(": ").append(m.devices()).append(" devices (+").append(m.createdByDrivers())
                .append(" created by drivers), ").append(m.links()).append(" links, ").append(m.profiles().size())
                .append(" driver profiles");
        if (!m.buses().isEmpty()) {
            b.append(", ").append(m.buses().size()).append(" generic buses");
        }
        b.append('\n');
        for (String n : m.notes()) {
            b.append("note: ").append(n).append('\n');
        }
        for (String w : m.warnings()) {
            b.append("warning: ").append(w).append('\n');
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- helpers

    private String machineLine() {
        return machines.current().map(m -> "machine: " + m.name() + " (" + m.source() + ")\n").orElse("");
    }

    private Map<String, Object> document(String key, Object value) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("machine", machines.current().map(LoadedMachine::name).orElse(null));
        doc.put(key, value);
        return doc;
    }

    /** The async shutdown flags the registry records for the device (which of them a strategy honours is its own). */
    private Set<AsyncSource> asyncFlags(Device d) {
        return AsyncSource.optIns(d, d.boundDriver(), busOf(d));
    }

    /** Whether {@code device_shutdown()} would call anything for the device now. */
    private boolean hasShutdownWork(Device d) {
        Optional<DeviceClass> c = d.deviceClass().flatMap(n -> registry.deviceClasses().stream()
                .filter(x -> x.name().equals(n)).findFirst());
        return ShutdownChain.of(d, c, d.boundDriver(), busOf(d)).isPresent();
    }

    private Optional<BusType> busOf(Device d) {
        return d.bus().flatMap(n -> registry.busTypes().stream().filter(b -> b.name().equals(n)).findFirst());
    }

    private static String state(Device d) {
        return d.state() == DeviceState.UNBOUND && d.bus().isEmpty() ? "-" : d.state().name();
    }

    private static String json(Object doc) {
        return Json.write(doc);
    }
}
