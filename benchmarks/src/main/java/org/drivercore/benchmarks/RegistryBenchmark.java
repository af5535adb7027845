package org.drivercore.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.Driver;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.ProbeContext;
import org.drivercore.api.ProbeResult;
import org.drivercore.core.internal.RegistryFixture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The registry's costs that grow with the machine (issue 10): a load of N devices with N-1 links (a chain, each
 * device the consumer of the one before), a load of N devices whose driver creates one child each in probe, and the
 * hot-swap of a driver bound to N devices (unbind, with the children its probes created, then bind again). Each is
 * one operation on a fresh registry, so single-shot; the figure per device should stay flat as N grows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"})
public class RegistryBenchmark {

    static final String BUS = "bench";

    @Param({"10000", "100000"})
    public int devices;

    private List<DeviceSpec> flat;
    private List<DeviceSpec> chain;
    private List<DeviceLink> chainLinks;
    private RegistryFixture bound;
    private Driver creator;

    /** A bus with the default match: by name or id table. */
    record Bus(String name) implements BusType {
    }

    /** Binds every device of the bus; with {@code children}, creates one child per device in probe. */
    record CreatingDriver(String name, boolean children) implements Driver {
        @Override
        public String bus() {
            return BUS;
        }

        @Override
        public ProbeResult probe(Device device, ProbeContext context) {
            if (children && device.parent().isEmpty()) {
                context.addChild(DeviceSpec.builder(device.path() + "/child").build());
            }
            return ProbeResult.bound();
        }
    }

    @Setup(Level.Trial)
    public void specs() {
        flat = new ArrayList<>(devices);
        chain = new ArrayList<>(devices);
        chainLinks = new ArrayList<>(devices);
        for (int i = 0; i < devices; i++) {
            String path = "/devices/bench/d" + i;
            flat.add(DeviceSpec.builder(path).bus(BUS).driver("bench").build());
            chain.add(DeviceSpec.builder(path).bus(BUS).build());
            if (i > 0) {
                chainLinks.add(DeviceLink.of("/devices/bench/d" + (i - 1), path, LinkFlag.STATELESS));
            }
        }
    }

    private static RegistryFixture registry() {
        RegistryFixture f = new RegistryFixture();
        f.busType(new Bus(BUS));
        return f;
    }

    /** N devices, N-1 stateless links: each link is made when its second end is appended. */
    @Benchmark
    public int loadWithLinks() {
        RegistryFixture f = registry();
        return f.registry().addAll(chain, chainLinks, false).size();
    }

    /** N devices whose driver creates one child each in probe. */
    @Benchmark
    public int loadWithCreatedChildren() {
        RegistryFixture f = registry();
        f.driver(new CreatingDriver("bench", true));
        f.registry().addAll(flat, List.of(), false);
        return f.registry().devices().size();
    }

    @Setup(Level.Iteration)
    public void boundMachine() {
        bound = registry();
        creator = new CreatingDriver("bench", true);
        bound.driver(creator);
        bound.registry().addAll(flat, List.of(), false);
    }

    /** The driver bundle stops and starts again: N unbinds that remove N children, then N probes that create them. */
    @Benchmark
    public int hotSwapDriverWithChildren() {
        bound.removeDriver(creator);
        creator = new CreatingDriver("bench", true);
        bound.driver(creator);
        return bound.registry().devices().size();
    }
}
