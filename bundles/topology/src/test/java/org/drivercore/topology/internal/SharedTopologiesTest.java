package org.drivercore.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceState;
import org.drivercore.api.LoadedMachine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real machine the project keeps ({@code imports/real} in the test resources) and every one in
 * {@code ../shared/data/topologies} (when it is there) imports and boots whole: its device,
 * bound-driver and link counts, its depth and every parent are what this test reads from the file on its own.
 */
class SharedTopologiesTest {

    static final Path SHARED = Path.of("../../../shared/data/topologies");
    static final Path KEPT = Path.of("src/test/resources/org/drivercore/topology/imports/real");

    /** The project's copies, then what ../shared adds to them. */
    static Stream<Path> files() throws IOException {
        Map<String, Path> byName = new TreeMap<>();
        for (Path dir : List.of(SHARED, KEPT)) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(p -> !p.getFileName().toString().endsWith(".md"))
                            .forEach(p -> byName.put(p.getFileName().toString(), p));
                }
            }
        }
        return byName.values().stream();
    }

    /** The file read naively: records, which have a driver, and the devlink names. */
    record Naive(Map<String, Set<String>> records, Set<String> withDriver, Set<String> devlinks) {

        static Naive read(Path file) throws IOException {
            Map<String, Set<String>> records = new LinkedHashMap<>();
            Set<String> withDriver = new LinkedHashSet<>();
            Set<String> devlinks = new LinkedHashSet<>();
            String current = null;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("P: ")) {
                    current = line.substring(3);
                    if (current.startsWith("/devices/virtual/devlink/")) {
                        devlinks.add(current.substring("/devices/virtual/devlink/".length()));
                        current = null;
                    } else {
                        records.computeIfAbsent(current, k -> new LinkedHashSet<>());
                    }
                } else if (line.isEmpty()) {
                    current = null;
                } else if (current != null) {
                    records.get(current).add(line);
                    if (line.startsWith("E: DRIVER=") || line.startsWith("L: driver=")) {
                        withDriver.add(current);
                    }
                }
            }
            return new Naive(records, withDriver, devlinks);
        }

        String parentOf(String path) {
            for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
                if (records.containsKey(path.substring(0, slash))) {
                    return path.substring(0, slash);
                }
            }
            return null;
        }

        int depth(String path) {
            int d = 0;
            for (String p = parentOf(path); p != null; p = parentOf(p)) {
                d++;
            }
            return d;
        }

        /** A devlink name's two ends, "SUBSYSTEM:NAME", both among the records. */
        boolean resolvable(String devlink) {
            Map<String, String> byName = new HashMap<>();
            records.forEach((path, lines) -> lines.stream().filter(l -> l.startsWith("E: SUBSYSTEM=")).findFirst()
                    .ifPresent(l -> byName.put(l.substring(13) + ":" + path.substring(path.lastIndexOf('/') + 1), path)));
            int sep = devlink.indexOf("--");
            return byName.containsKey(devlink.substring(0, sep)) && byName.containsKey(devlink.substring(sep + 2));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void importsAndBootsWhole(Path file) throws IOException {
        Naive naive = Naive.read(file);
        RealRuntime runtime = new RealRuntime();
        LoadedMachine loaded = runtime.load(MachineSources.read(file));
        List<Device> devices = runtime.registry.devices();

        assertThat(devices).hasSize(naive.records().size());
        assertThat(loaded.devices() + loaded.createdByDrivers()).isEqualTo(naive.records().size());
        assertThat(devices.stream().filter(d -> d.state() == DeviceState.BOUND).map(Device::path))
                .containsExactlyInAnyOrderElementsOf(naive.withDriver());
        assertThat(runtime.registry.links()).hasSize((int) naive.devlinks().stream().filter(naive::resolvable).count());
        int maxDepth = 0;
        for (Device d : devices) {
            assertThat(d.parent().map(Device::path).orElse(null)).as(d.path()).isEqualTo(naive.parentOf(d.path()));
            int depth = 0;
            for (var p = d.parent(); p.isPresent(); p = p.get().parent()) {
                depth++;
            }
            maxDepth = Math.max(maxDepth, depth);
        }
        assertThat(maxDepth).isEqualTo(naive.records().keySet().stream().mapToInt(naive::depth).max().orElse(0));
        spotChecks(file.getFileName().toString(), runtime);
    }

    private static void spotChecks(String name, RealRuntime runtime) {
        switch (name) {
            case "NXP_S32G_DEV_BOARD.exportdb" -> {
                assertThat(runtime.registry.links()).hasSize(133);
                assertThat(parent(runtime, "/devices/platform/firmware:scmi/scmi_dev.1")).isEqualTo("/devices/platform/firmware:scmi");
            }
            case "QEMU_KVM.exportdb" -> assertThat(parent(runtime, "/devices/pci0000:00/0000:00:01.1/ata1/host0"))
                    .as("the ata port sends no uevent: the host's parent is the controller")
                    .isEqualTo("/devices/pci0000:00/0000:00:01.1");
            case "fido2.umockdev" -> assertThat(runtime.registry.device(
                    "/devices/pci0000:00/0000:00:08.1/0000:05:00.3/usb1/1-2/1-2.3/1-2.3:1.0").orElseThrow().driver())
                    .hasValue("usbhid");
            default -> {
            }
        }
    }

    private static String parent(RealRuntime runtime, String path) {
        return runtime.registry.device(path).orElseThrow().parent().map(Device::path).orElse(null);
    }
}
