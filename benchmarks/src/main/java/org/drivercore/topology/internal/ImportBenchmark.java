package org.drivercore.topology.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The import of a real machine's udev database, warm: parse (the records), build (the machine: buses, parents,
 * creators, drivers, links, then the tree checked), and bind (the registry's boot with the driver bundles and a
 * modelled driver per profile, as the distribution wires them). The dump is made of real ones: the POWER server with
 * the Mellanox NIC, the Dell PowerEdge R820 and the Raspberry Pi 3 B of {@code ../shared/data/topologies}, the second
 * and third with {@code ~2} and {@code ~3} after each device's name (not after {@code system}, {@code virtual} or
 * {@code platform}), so that paths and names on a bus stay apart: 5,949 records.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=error")
public class ImportBenchmark {

    static final String KEPT = "bundles/topology/src/test/resources/org/drivercore/topology/imports/real";

    @Param("../shared/data/topologies")
    public String shared;

    private Path dump;

    @Setup(Level.Trial)
    public void compose() throws IOException {
        Path dir = Path.of(shared);
        List<String> lines;
        if (Files.isDirectory(dir)) {
            lines = new ArrayList<>(Files.readAllLines(dir.resolve("MELLANOX_40GBPS.exportdb"), StandardCharsets.UTF_8));
            lines.add("");
            lines.addAll(moved(dir.resolve("DELL_POWEREDGE_R820_NVME.exportdb"), "~2"));
            lines.add("");
            lines.addAll(moved(dir.resolve("RPI3B.exportdb"), "~3"));
        } else {
            // Without ../shared: the captures the project keeps (about 1,200 records), so that the benchmark still runs.
            Path kept = Path.of(KEPT);
            if (!Files.isDirectory(kept)) {
                throw new IllegalStateException(kept.toAbsolutePath() + " is missing: run from the project root");
            }
            lines = new ArrayList<>(Files.readAllLines(kept.resolve("NXP_S32G_DEV_BOARD.exportdb"), StandardCharsets.UTF_8));
            lines.add("");
            lines.addAll(moved(kept.resolve("QEMU_KVM.exportdb"), "~2"));
            lines.add("");
            lines.addAll(moved(kept.resolve("IBM_s390x_DASD.exportdb"), "~3"));
        }
        dump = Files.createTempFile("drivercore-import-", ".exportdb");
        Files.write(dump, lines, StandardCharsets.UTF_8);
    }

    private static List<String> moved(Path file, String suffix) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .map(l -> l.startsWith("P: /devices/") ? "P: " + renamed(l.substring(3), suffix) : l).toList();
    }

    private static String renamed(String devpath, String suffix) {
        String[] parts = devpath.substring("/devices/".length()).split("/");
        StringBuilder b = new StringBuilder("/devices");
        for (int i = 0; i < parts.length; i++) {
            boolean kept = i == 0 && List.of("system", "virtual", "platform").contains(parts[0]);
            b.append('/').append(parts[i]).append(kept ? "" : suffix);
        }
        return b.toString();
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(dump);
    }

    /** Records read, merged and classified: the machine draft. */
    @Benchmark
    public MachineDraft parse() {
        return MachineSources.read(dump);
    }

    /** The draft and its tree checked: the machine the registry takes. */
    @Benchmark
    public MachineModel parseBuild() {
        return MachineAssembler.assemble(MachineSources.read(dump));
    }

    /** Everything, up to every device that records a driver bound. */
    @Benchmark
    public int parseBuildBind() {
        RealRuntime runtime = new RealRuntime();
        return runtime.load(MachineSources.read(dump)).devices();
    }
}
