package org.drivercore.shell.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceClass;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.DeviceState;
import org.drivercore.api.LoadedMachine;
import org.drivercore.api.MachineService;
import org.drivercore.api.shutdown.AsyncSource;
import org.drivercore.api.shutdown.ShutdownChain;
import org.drivercore.common.json.Json;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** What the commands show of a device, a driver or the machine, the same way in every command. */
final class Views {

    static final String JSON_FLAG = "--json";

    private final DeviceRegistry registry;
    private final MachineService machines;

    Views(DeviceRegistry registry, MachineService machines) {
        this.registry = registry;
        this.machines = machines;
    }

    /**
     * The device a user names: its path, else the one device of that name (nvme0), else the one device whose path
     * ends with it (0000:01:00.0/nvme/nvme0).
     */
    Device resolve(String function, String named) {
        if (named.startsWith("-")) {
            throw new IllegalArgumentException(function + ": unknown option '" + named + "'");
        }
        Optional<Device> exact = registry.device(named);
        if (exact.isPresent()) {
            return exact.get();
        }
        List<Device> devices = registry.devices();
        List<Device> byName = devices.stream().filter(d -> d.name().equals(named)).toList();
        List<Device> found = byName.isEmpty()
                ? devices.stream().filter(d -> d.path().endsWith("/" + named)).toList() : byName;
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException(function + ": no device '" + named + "' (give a path, a name or the end "
                    + "of a path; dc:devices lists them)");
        }
        throw new IllegalArgumentException(function + ": '" + named + "' names " + found.size() + " devices: "
                + String.join(", ", found.stream().limit(5).map(Device::path).toList())
                + (found.size() > 5 ? ", ..." : "") + " (give the path)");
    }

    /** The async shutdown flags the registry records for the device (which of them a strategy honours is its own). */
    Set<AsyncSource> asyncFlags(Device d) {
        return AsyncSource.optIns(d, d.boundDriver(), busOf(d));
    }

    static String flagsText(Set<AsyncSource> flags) {
        return flags.isEmpty() ? "-" : String.join(",", flags.stream().map(AsyncSource::externalName).toList());
    }

    /** Whether {@code device_shutdown()} would call anything for the device now. */
    boolean hasShutdownWork(Device d) {
        return ShutdownChain.of(d, classOf(d), d.boundDriver(), busOf(d)).isPresent();
    }

    Optional<BusType> busOf(Device d) {
        return d.bus().flatMap(n -> registry.busTypes().stream().filter(b -> b.name().equals(n)).findFirst());
    }

    Optional<DeviceClass> classOf(Device d) {
        return d.deviceClass().flatMap(n -> registry.deviceClasses().stream().filter(c -> c.name().equals(n)).findFirst());
    }

    /** The bus, else {@code class NAME} for a class device, else {@code -}. */
    static String busOrClass(Device d) {
        return d.bus().orElseGet(() -> d.deviceClass().map(c -> "class " + c).orElse("-"));
    }

    /** A class device has no driver to bind: "-" rather than UNBOUND. */
    static String state(Device d) {
        return d.state() == DeviceState.UNBOUND && d.bus().isEmpty() ? "-" : d.state().name();
    }

    /** Why a bus device is not bound (its state's reason); nothing for a bound one or a class device. */
    static String why(Device d) {
        return d.state() == DeviceState.BOUND || d.bus().isEmpty() ? "" : d.stateReason().orElse("");
    }

    /** The symbolic name of the bundle a driver's (or a class's) class comes from; "-" outside OSGi. */
    static String bundleOf(Object d) {
        Bundle b = FrameworkUtil.getBundle(d.getClass());
        return b == null ? "-" : b.getSymbolicName();
    }

    /** {@code machine: NAME (SOURCE)}, the first line of a listing. */
    String machineLine() {
        return machines.current().map(m -> "machine: " + m.name() + " (" + m.source() + ")\n").orElse("");
    }

    /** A JSON document: the machine's name and one member. */
    String json(String key, Object value) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("machine", machines.current().map(LoadedMachine::name).orElse(null));
        doc.put(key, value);
        return Json.write(doc);
    }

    DeviceRegistry registry() {
        return registry;
    }
}
