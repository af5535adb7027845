package org.drivercore.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.drivercore.topology.internal.udev.SysfsFixture.device;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.FilePermission;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.Permission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.drivercore.api.MachineException;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A {@code /sys} snapshot through the whole import, from the tree to a booted registry: mutated (a file or link lost,
 * garbage or binary in a {@code uevent}, a link turned into a file or pointing nowhere, a file turned into a
 * directory) it loads or is refused with one {@link MachineException} naming the tree; and the reader only reads: a
 * security manager that records every file access sees no write, no delete and no execute while it reads the tree
 * (and this machine's own {@code /sys}), and does see its reads.
 */
class SysfsImportTest {

    /** A small sysfs with the links the kernel makes: a PCI bridge, an NVMe function with its class devices, a link. */
    static Path tree(Path sys) throws IOException {
        device(sys, "/devices/pci0000:00/0000:00:1d.0", "../../../bus/pci", "../../../bus/pci/drivers/pcieport",
                "DRIVER=pcieport\nPCI_CLASS=60400\nMODALIAS=pci:v00008086d0000A330sv0sd0bc06sc04i00\n");
        device(sys, "/devices/pci0000:00/0000:00:1d.0/0000:02:00.0", "../../../../bus/pci", "../../../../bus/pci/drivers/nvme",
                "DRIVER=nvme\nPCI_CLASS=10802\nMODALIAS=pci:v0000144Dd0000A808sv0sd0bc01sc08i02\n");
        device(sys, "/devices/pci0000:00/0000:00:1d.0/0000:02:00.0/nvme/nvme0", "../../../../../../class/nvme", null,
                "MAJOR=239\nMINOR=0\nDEVNAME=nvme0\n");
        device(sys, "/devices/pci0000:00/0000:00:1d.0/0000:02:00.0/nvme/nvme0/nvme0n1", "../../../../../../../class/block",
                null, "MAJOR=259\nMINOR=0\nDEVNAME=nvme0n1\nDEVTYPE=disk\n");
        device(sys, "/devices/platform/serial8250", "../../../bus/platform", "../../../bus/platform/drivers/serial8250",
                "DRIVER=serial8250\nMODALIAS=platform:serial8250\n");
        Path link = device(sys, "/devices/virtual/devlink/platform:serial8250--pci:0000:00:1d.0",
                "../../../../class/devlink", null, "");
        Files.writeString(link.resolve("status"), "not tracked\n");
        Files.writeString(link.resolve("sync_state_only"), "0\n");
        Path dmi = Files.createDirectories(sys.resolve("devices/virtual/dmi/id"));
        Files.writeString(dmi.resolve("sys_vendor"), "Dell Inc.\n");
        return sys;
    }

    // ---------------------------------------------------------------- read-only

    /** Records the file accesses checked by the JDK (Java 17: a security manager may still be installed). */
    private static final class AccessRecorder extends SecurityManager {
        final List<String> reads = new CopyOnWriteArrayList<>();
        final List<String> others = new CopyOnWriteArrayList<>();

        @Override
        public void checkPermission(Permission p) {
            if (p instanceof FilePermission f) {
                for (String action : f.getActions().split(",")) {
                    (action.equals("read") || action.equals("readlink") ? reads : others).add(action + " " + f.getName());
                }
            }
        }

        @Override
        public void checkPermission(Permission p, Object context) {
            checkPermission(p);
        }
    }

    @SuppressWarnings("removal")
    private static AccessRecorder recordWhile(Runnable action) {
        AccessRecorder recorder = new AccessRecorder();
        SecurityManager before = System.getSecurityManager();
        System.setSecurityManager(recorder);
        try {
            action.run();
        } finally {
            System.setSecurityManager(before);
        }
        return recorder;
    }

    @Example
    void theReaderOpensNothingForWritingInASnapshotOrInTheLiveSys() throws IOException {
        Path sys = tree(Files.createTempDirectory("sysfs-"));
        try {
            AccessRecorder recorder = recordWhile(() -> MachineSources.read(sys));
            assertThat(recorder.reads).as("the recorder sees the reads").anySatisfy(r -> assertThat(r).endsWith("uevent"));
            assertThat(recorder.others).as("writes, deletes, executes below " + sys)
                    .noneMatch(a -> a.contains(sys.toString()));
            Path live = Path.of("/sys");
            if (Files.isDirectory(live.resolve("devices"))) {
                AccessRecorder onLive = recordWhile(() -> MachineSources.read(live));
                assertThat(onLive.reads).isNotEmpty();
                assertThat(onLive.others).as("writes, deletes, executes below /sys").noneMatch(a -> a.contains(" /sys"));
            }
        } finally {
            deleteTree(sys);
        }
    }

    // ---------------------------------------------------------------- mutations

    /** A mutation of one entry of the tree (chosen by its rank among the tree's files and links). */
    record Mutation(int kind, double which, byte[] bytes) {
        void apply(Path sys) throws IOException {
            List<Path> entries;
            try (Stream<Path> all = Files.walk(sys)) {
                entries = all.filter(p -> !p.equals(sys)).sorted().toList();
            }
            if (entries.isEmpty()) {
                return;
            }
            Path p = entries.get((int) (which * entries.size()));
            boolean link = Files.isSymbolicLink(p);
            switch (kind) {
                case 0 -> deleteTree(p);
                case 1 -> {
                    if (!link && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.write(p, bytes);
                    }
                }
                case 2 -> {
                    if (link) {
                        Files.delete(p);
                        Files.write(p, bytes);
                    }
                }
                case 3 -> {
                    if (link) {
                        Files.delete(p);
                        Files.createSymbolicLink(p, Path.of(new String(bytes, StandardCharsets.ISO_8859_1).replace('\0', 'x')
                                .replace('/', 'y') + "/nowhere"));
                    }
                }
                default -> {
                    if (!link && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.delete(p);
                        Files.createDirectory(p);
                    }
                }
            }
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<byte[]> bytes = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(60),
                Arbitraries.of("DRIVER=\n", "=\n", "SUBSYSTEM=pci\n", "MODALIAS=pci:*\n", "DEVNAME=../../etc\n", "\u0000\n",
                        "not tracked\n", "1\n").map(s -> s.getBytes(StandardCharsets.UTF_8)));
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.doubles().between(0, 1).ofScale(3).map(d -> Math.min(d, 0.999)), bytes)
                .as(Mutation::new).list().ofMinSize(1).ofMaxSize(3);
    }

    @Property(tries = 200)
    void aMutatedSnapshotLoadsOrIsRefusedWithOneError(@ForAll("mutations") List<Mutation> mutations) throws IOException {
        Path sys = tree(Files.createTempDirectory("sysfs-fuzz-"));
        try {
            for (Mutation m : mutations) {
                m.apply(sys);
            }
            RealRuntime runtime = new RealRuntime();
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try {
                    runtime.load(MachineSources.read(sys));
                } catch (MachineException e) {
                    assertThat(e.getMessage()).startsWith(sys.toString());
                    assertThat(runtime.registry.devices()).as("nothing half-loaded").isEmpty();
                }
            });
        } finally {
            deleteTree(sys);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(all::add);
        }
        all.sort(Comparator.reverseOrder());
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
