package org.drivercore.shutdown.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceClass;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.Driver;
import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.api.shutdown.AsyncSource;
import org.drivercore.api.shutdown.ShutdownCallback;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.common.callout.Callouts;

/** Takes the shutdown graph from the registry at shutdown start. */
public final class GraphSnapshot {

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
        List<BusType> buses = registry.busTypes();
        List<DeviceClass> classes = registry.deviceClasses();
        List<ShutdownNode.Builder> nodes = new ArrayList<>(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            List<Integer> suppliers = new ArrayList<>();
            for (DeviceLink l : d.supplierLinks()) {
                Integer s = index.get(l.supplierPath());
                if (!l.isSyncStateOnly() && s != null && !suppliers.contains(s)) {
                    suppliers.add(s);
                }
            }
            Optional<Driver> driver = d.boundDriver();
            Optional<BusType> bus = d.bus().flatMap(b -> buses.stream().filter(x -> x.name().equals(b)).findFirst());
            // The first class of a name stands, as the first bus type of a name does.
            Optional<DeviceClass> deviceClass = d.deviceClass()
                    .flatMap(c -> classes.stream().filter(x -> x.name().equals(c)).findFirst());
            ShutdownCallback callback = callback(d, deviceClass, driver, bus);
            nodes.add(ShutdownNode.builder(i, d.path())
                    .parent(d.parent().map(p -> index.get(p.path())).orElse(null))
                    .suppliers(suppliers)
                    .async(policy.resolve(AsyncSource.optIn(d, driver), callback != null).orElse(null))
                    .driver(driver.map(Driver::name).orElse(null))
                    .callback(callback));
        }
        return new ShutdownGraph(name, nodes);
    }

    /** The stage a hook returned (null counts as done), or a failed one if the hook threw before returning. */
    private static CompletionStage<Void> started(Supplier<CompletionStage<Void>> hook) {
        CompletionStage<Void> stage = Callouts.call(hook, CompletableFuture::failedFuture);
        return stage == null ? CompletableFuture.completedFuture(null) : stage;
    }

    /**
     * Linux's chain in device_shutdown(): the class's shutdown_pre if it has one; then the bus's shutdown if
     * the bus has one, bound or not (the bus hook copes without a driver, as pci_device_shutdown() does),
     * else the bound driver's. None of them: no callback, an ordering-only node.
     */
    static ShutdownCallback callback(Device d, Optional<DeviceClass> deviceClass, Optional<Driver> driver,
            Optional<BusType> bus) {
        ShutdownCallback main = null;
        if (bus.isPresent() && bus.get().hasShutdown()) {
            BusType b = bus.get();
            Driver drv = driver.orElse(null);
            main = ctx -> b.shutdown(d, drv, ctx);
        } else if (driver.isPresent() && driver.get().hasShutdown()) {
            Driver drv = driver.get();
            main = ctx -> drv.shutdown(d, ctx);
        }
        if (deviceClass.isEmpty() || !deviceClass.get().hasShutdownPre()) {
            return main;
        }
        DeviceClass c = deviceClass.get();
        if (main == null) {
            return ctx -> c.shutdownPre(d, ctx);
        }
        ShutdownCallback then = main;
        // The kernel ignores shutdown_pre's result and goes on: a failed pre does not skip the bus or driver
        // shutdown, but the device's outcome still says it failed (with both failures if both failed).
        return ctx -> started(() -> c.shutdownPre(d, ctx)).handle((v, preError) -> preError)
                .thenCompose(preError -> started(() -> then.run(ctx)).handle((v, mainError) -> {
                    if (mainError != null && preError != null) {
                        Callouts.unwrap(mainError).addSuppressed(Callouts.unwrap(preError));
                    }
                    Throwable failure = mainError != null ? mainError : preError;
                    if (failure != null) {
                        throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
                    }
                    return v;
                }));
    }
}
