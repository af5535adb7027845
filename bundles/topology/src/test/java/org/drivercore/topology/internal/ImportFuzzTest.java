package org.drivercore.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.MachineException;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Mutations of real and fixture files (truncated, bytes flipped, lines lost, doubled or swapped, garbage and binary
 * inserted) go through the whole import, from the bytes to a booted registry: a file either loads or is refused with
 * one {@link MachineException} that names it, never another exception, a hang or an unbounded read; a refused file
 * leaves the registry as it was, empty or running a machine. jqwik prints the
 * seed of a failing case; {@code @Property(seed = "...")} replays it.
 */
class ImportFuzzTest {

    private static final List<String> FIXTURES = List.of("imports/old-generation.exportdb", "imports/systemd-257.exportdb",
            "imports/duplicates-and-stray.exportdb", "imports/devlinks.exportdb", "imports/usb-stick.umockdev",
            "default-machine.json", "imports/real/NXP_S32G_DEV_BOARD.exportdb", "imports/real/QEMU_KVM.exportdb",
            "imports/real/fido2.umockdev");

    /** A mutation: what it does and where (a fraction of the file), and the bytes it may insert. */
    record Mutation(int kind, double at, double other, byte[] bytes) {

        byte[] apply(byte[] in) {
            int i = (int) (at * in.length);
            List<byte[]> lines = lines(in);
            int l = (int) (at * lines.size());
            int m = (int) (other * lines.size());
            return switch (kind) {
                case 0 -> Arrays.copyOf(in, i);
                case 1 -> {
                    byte[] out = in.clone();
                    if (out.length > 0) {
                        out[Math.min(i, out.length - 1)] ^= (byte) (1 + bytes.length);
                    }
                    yield out;
                }
                case 2 -> join(remove(lines, l));
                case 3 -> join(insert(lines, l, lines.isEmpty() ? bytes : lines.get(Math.min(l, lines.size() - 1))));
                case 4 -> join(swap(lines, l, m));
                default -> join(insert(lines, l, bytes));
            };
        }

        private static List<byte[]> lines(byte[] in) {
            List<byte[]> out = new ArrayList<>();
            int start = 0;
            for (int k = 0; k <= in.length; k++) {
                if (k == in.length || in[k] == '\n') {
                    out.add(Arrays.copyOfRange(in, start, k));
                    start = k + 1;
                }
            }
            return out;
        }

        private static List<byte[]> remove(List<byte[]> lines, int l) {
            List<byte[]> out = new ArrayList<>(lines);
            if (!out.isEmpty()) {
                out.remove(Math.min(l, out.size() - 1));
            }
            return out;
        }

        private static List<byte[]> insert(List<byte[]> lines, int l, byte[] line) {
            List<byte[]> out = new ArrayList<>(lines);
            out.add(Math.min(l, out.size()), line);
            return out;
        }

        private static List<byte[]> swap(List<byte[]> lines, int a, int b) {
            List<byte[]> out = new ArrayList<>(lines);
            if (!out.isEmpty()) {
                int x = Math.min(a, out.size() - 1);
                int y = Math.min(b, out.size() - 1);
                byte[] t = out.get(x);
                out.set(x, out.get(y));
                out.set(y, t);
            }
            return out;
        }

        private static byte[] join(List<byte[]> lines) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int k = 0; k < lines.size(); k++) {
                out.writeBytes(lines.get(k));
                if (k < lines.size() - 1) {
                    out.write('\n');
                }
            }
            return out.toByteArray();
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<byte[]> garbage = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.of("E: ", "P: ", "P: /devices", "L: x=y", "A: a=\\", "H: 1", "{", "E: DRIVER=", "E: SUBSYSTEM=",
                        "P: /devices/virtual/devlink/a:b--c:d", "E: SUBSYSTEM=devlink", "E: DRIVER=nvme", "\u0000")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<Mutation> one = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(0, 1), garbage).as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 400)
    void aMutatedFileLoadsOrIsRefusedWithOneError(@ForAll("fixture") String fixture,
            @ForAll("mutations") List<Mutation> mutations, @ForAll boolean onARunningMachine) throws IOException {
        byte[] bytes;
        try (InputStream in = ImportFuzzTest.class.getResourceAsStream("/org/drivercore/topology/" + fixture)) {
            bytes = in.readAllBytes();
        }
        for (Mutation m : mutations) {
            bytes = m.apply(bytes);
        }
        Path file = Files.createTempFile("fuzz-", "-" + fixture.substring(fixture.lastIndexOf('/') + 1));
        try {
            Files.write(file, bytes);
            RealRuntime runtime = new RealRuntime();
            if (onARunningMachine) {
                // A refused file changes nothing of what runs (two devices and a link), whatever it got to.
                runtime.registry.add(DeviceSpec.builder(RUNNING + "-supplier").bus("platform").build());
                runtime.registry.add(DeviceSpec.builder(RUNNING).bus("platform").build());
                runtime.registry.link(DeviceLink.of(RUNNING + "-supplier", RUNNING, LinkFlag.STATELESS));
            }
            List<String> before = state(runtime.registry);
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try {
                    runtime.load(MachineSources.read(file));
                } catch (MachineException e) {
                    assertThat(e.getMessage()).startsWith(file.toString());
                    assertThat(state(runtime.registry)).as("the registry after a refusal").isEqualTo(before);
                }
            });
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static final String RUNNING = "/devices/platform/drivercore-running";

    /** Every device with its place, parent, state and driver, and every link. */
    static List<String> state(DeviceRegistry registry) {
        List<String> out = new ArrayList<>();
        for (Device d : registry.devices()) {
            out.add(d.path() + " parent=" + d.parent().map(Device::path).orElse("-") + " " + d.state() + " "
                    + d.driver().orElse("-"));
        }
        registry.links().forEach(l -> out.add("link " + l));
        return out;
    }

    @Provide
    Arbitrary<String> fixture() {
        return Arbitraries.of(FIXTURES);
    }
}
