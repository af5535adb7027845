package org.drivercore.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.drivercore.api.DeviceSpec;
import org.drivercore.core.internal.RegistryFixture;

/**
 * Retained heap per registered device (issue 10, figure 5): the heap after a full GC with a registry of N devices,
 * less the heap with an empty one, over N. The devices are a machine's shape: a tree of buses' devices (each
 * with a bus, a recorded driver and a parent), bound by a driver; measured bare, and with two recorded properties on
 * half of them (a machine's own data, which a registry can only keep).
 */
final class RetainedHeap {

    private RetainedHeap() {
    }

    /** Bytes per device with {@code n} registered; with {@code properties}, half of them carry two. */
    static double perDevice(int n, boolean properties) {
        RegistryFixture registry = new RegistryFixture();
        registry.busType(new RegistryBenchmark.Bus(RegistryBenchmark.BUS));
        registry.driver(new RegistryBenchmark.CreatingDriver("bench", false));
        long before = usedAfterGc();
        List<DeviceSpec> specs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // A tree with fan-out 8: the path of device i is its parent's path and its own segment.
            String path = path(i);
            DeviceSpec.Builder b = DeviceSpec.builder(path).bus(RegistryBenchmark.BUS).driver("bench");
            if (properties && i % 2 == 0) {
                b.properties(java.util.Map.of("SUBSYSTEM", RegistryBenchmark.BUS, "MODALIAS", "bench:v" + (i % 16)));
            }
            specs.add(b.build());
            if (specs.size() == 10_000) {
                registry.registry().addAll(specs, List.of(), false);
                specs.clear();
            }
        }
        registry.registry().addAll(specs, List.of(), false);
        specs = null;
        long after = usedAfterGc();
        if (registry.registry().devices().size() != n) {
            throw new IllegalStateException("registered " + registry.registry().devices().size() + " of " + n);
        }
        return (after - before) / (double) n;
    }

    private static String path(int i) {
        StringBuilder b = new StringBuilder();
        for (int at = i; ; at = at / 8 - 1) {
            b.insert(0, "/d" + at);
            if (at < 8) {
                break;
            }
        }
        return "/devices/bench" + b;
    }

    static long usedAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
