package org.drivercore.shutdown.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceClass;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.Driver;
import org.drivercore.api.ShutdownContext;
import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.api.shutdown.AsyncSource;
import org.drivercore.api.shutdown.ShutdownCallback;
import org.drivercore.api.shutdown.ShutdownChain;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.api.shutdown.ShutdownStrategy;

/**
 * Takes the shutdown graph from the registry at shutdown start: every device in list order with every link it is the
 * consumer of (flags kept), every async flag the registry recorded, and its work as Linux chains it
 * ({@link ShutdownChain}), run with the device locked ({@link DeviceRegistry#shutdownLocked}). Which links and which
 * flags count is each strategy's view ({@link #view}).
 */
public final class GraphSnapshot {

    private GraphSnapshot() {
    }

    /** Takes the graph from one state of the registry: nothing changes while it is taken. No node is async yet. */
    public static ShutdownGraph take(String name, DeviceRegistry registry) {
        return registry.inspect(() -> build(name, registry));
    }

    private static ShutdownGraph build(String name, DeviceRegistry registry) {
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
            List<ShutdownNode.Link> links = new ArrayList<>();
            for (DeviceLink l : d.supplierLinks()) {
                Integer s = index.get(l.supplierPath());
                if (s != null) {
                    links.add(new ShutdownNode.Link(s, l.flags()));
                }
            }
            Optional<Driver> driver = d.boundDriver();
            Optional<BusType> bus = busOf(d, buses);
            nodes.add(ShutdownNode.builder(i, d.path())
                    .parent(d.parent().map(p -> index.get(p.path())).orElse(null))
                    .supplierLinks(links)
                    .asyncFlags(AsyncSource.optIns(d, driver, bus))
                    .driver(driver.map(Driver::name).orElse(null))
                    .callback(chain(d, buses, classes).isPresent() ? locked(registry, d) : null));
        }
        return new ShutdownGraph(name, nodes);
    }

    /**
     * The work run with the device locked, as {@code device_shutdown()} holds {@code device_lock()}: an unbind waits
     * for it; a device removed before its turn is not shut down and finishes at once (v18's dead device). Which
     * class, bus and driver do the work is read at its turn, with the device locked, as the kernel reads
     * {@code dev->class}, {@code dev->bus} and {@code dev->driver} then: a driver, bus or class whose bundle left
     * meanwhile is not called (its code may be gone), and the device's work is whatever is left of the chain.
     */
    private static ShutdownCallback locked(DeviceRegistry registry, Device d) {
        return ctx -> {
            boolean[] ran = new boolean[1];
            return registry.shutdownLocked(d, () -> {
                ran[0] = true;
                Optional<ShutdownCallback> work = chainNow(registry, d);
                if (work.isEmpty()) {
                    ctx.note("its driver, bus and class left before its turn: nothing to shut down");
                    return null;
                }
                return untilDoneOrTheRunEnds(work.get().run(ctx), ctx);
            }).whenComplete((v, e) -> {
                if (!ran[0]) {
                    ctx.note("removed before its shutdown: not shut down, its completion done");
                }
            });
        };
    }

    /**
     * The work's stage, or the run's end if that comes first: a stage that never completes (a driver that hangs) would
     * otherwise hold the device lock for good, and the unbind of every bundle stop after the run would wait for it.
     */
    private static CompletionStage<Void> untilDoneOrTheRunEnds(CompletionStage<Void> work, ShutdownContext ctx) {
        if (work == null || !(ctx instanceof DriverContext driverContext)) {
            return work;
        }
        CompletableFuture<Void> runEnd = driverContext.untilTheRunEnds();
        CompletableFuture<Void> either = new CompletableFuture<>();
        work.whenComplete((v, e) -> {
            if (e != null) {
                either.completeExceptionally(e);
            } else {
                either.complete(v);
            }
            runEnd.complete(null); // no longer open
        });
        runEnd.whenComplete((v, e) -> {
            if (e != null) {
                either.completeExceptionally(e);
            }
        });
        return either;
    }

    /** The device's chain from what the registry has now. */
    private static Optional<ShutdownCallback> chainNow(DeviceRegistry registry, Device d) {
        return chain(d, registry.busTypes(), registry.deviceClasses());
    }

    /** The device's chain with these bus types and classes: when the graph is taken, and again at its turn. */
    private static Optional<ShutdownCallback> chain(Device d, List<BusType> buses, List<DeviceClass> classes) {
        // The first class of a name stands, as the first bus type of a name does.
        Optional<DeviceClass> deviceClass = d.deviceClass()
                .flatMap(c -> classes.stream().filter(x -> x.name().equals(c)).findFirst());
        return ShutdownChain.of(d, deviceClass, d.boundDriver(), busOf(d, buses));
    }

    private static Optional<BusType> busOf(Device d, List<BusType> buses) {
        return d.bus().flatMap(b -> buses.stream().filter(x -> x.name().equals(b)).findFirst());
    }

    /**
     * A strategy's view of the snapshot: the links it honours, and each device's async flag under the policy, from
     * the flags of the strategy's kernel generation ({@link ShutdownStrategy#asyncFlags()}).
     */
    public static ShutdownGraph view(ShutdownGraph snapshot, ShutdownStrategy strategy, AsyncPolicy policy) {
        return ordering(snapshot, strategy.asyncFlags(), policy).honouring(strategy::honours);
    }

    /**
     * The snapshot with the async flags of a generation under the policy, ordered by the links that order a shutdown
     * in Linux: what the critical path and the ordering checker judge a strategy's run against.
     */
    public static ShutdownGraph ordering(ShutdownGraph snapshot, Set<AsyncSource> generation, AsyncPolicy policy) {
        return snapshot.withAsync(n -> policy.resolve(n.asyncFlags(), generation, n.hasWork()).orElse(null));
    }
}
