package org.drivercore.shutdown.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.Driver;
import org.drivercore.api.shutdown.ShutdownCallback;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;

/** Takes the shutdown graph from the registry at shutdown start. */
public final class GraphSnapshot {

    /** The global switch over async shutdown (v18's {@code core.async_shutdown=}). */
    public enum AsyncPolicy {
        /** Every device shuts down synchronously. */
        OFF,
        /** A device is async if it opted in, or its driver did (the default). */
        OPT_IN,
        /** Every device with shutdown work is async. */
        ALL;

        public static AsyncPolicy parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
                case "off" -> OFF;
                case "opt-in", "optin" -> OPT_IN;
                case "all" -> ALL;
                default -> throw new IllegalArgumentException("async policy '" + text + "' is unknown (expected off, opt-in or all)");
            };
        }
    }

    private GraphSnapshot() {
    }

    /** Takes the graph from one state of the registry: nothing changes while it is taken. */
    public static ShutdownGraph take(String name, DeviceRegistry registry, AsyncPolicy policy) {
        return registry.inspect(() -> build(name, registry, policy));
    }

    private static ShutdownGraph build(String name, DeviceRegistry registry, AsyncPolicy policy) {
        List<Device> devices = registry.devices();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < devices.size(); i++) {
            index.put(devices.get(i).path(), i);
        }
        List<Driver> drivers = registry.drivers();
        List<BusType> buses = registry.busTypes();
        List<ShutdownNode> nodes = new ArrayList<>(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            Integer parent = d.parent().map(p -> index.get(p.path())).orElse(null);
            List<Integer> suppliers = new ArrayList<>();
            for (DeviceLink l : d.supplierLinks()) {
                Integer s = index.get(l.supplierPath());
                if (!l.isSyncStateOnly() && s != null && !suppliers.contains(s)) {
                    suppliers.add(s);
                }
            }
            Optional<Driver> driver = d.driver().flatMap(name2 -> drivers.stream()
                    .filter(x -> x.name().equals(name2) && d.bus().equals(Optional.of(x.bus()))).findFirst());
            Optional<BusType> bus = d.bus().flatMap(b -> buses.stream().filter(x -> x.name().equals(b)).findFirst());
            ShutdownCallback callback = callback(d, driver, bus);
            String source = null;
            if (callback != null) {
                source = switch (policy) {
                    case OFF -> null;
                    case ALL -> "all";
                    case OPT_IN -> d.isAsyncShutdownEnabled() ? "device"
                            : driver.filter(Driver::asyncShutdown).isPresent() ? "driver" : null;
                };
            }
            nodes.add(new ShutdownNode(i, d.path(), parent, suppliers, source != null, source,
                    driver.map(Driver::name).orElse(null), callback));
        }
        return new ShutdownGraph(name, nodes);
    }

    /**
     * Linux's choice: the bus's shutdown if the bus has one, bound or not (the bus hook copes without a
     * driver, as pci_device_shutdown() does); else the bound driver's; else none.
     */
    private static ShutdownCallback callback(Device d, Optional<Driver> driver, Optional<BusType> bus) {
        if (bus.isPresent() && bus.get().hasShutdown()) {
            BusType b = bus.get();
            Driver drv = driver.orElse(null);
            return ctx -> b.shutdown(d, drv, ctx);
        }
        if (driver.isPresent() && driver.get().hasShutdown()) {
            Driver drv = driver.get();
            return ctx -> drv.shutdown(d, ctx);
        }
        return null;
    }
}
