package org.drivercore.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.drivercore.api.MachineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A source's format is told by its content, whatever its name. */
class MachineSourcesTest {

    @TempDir
    Path dir;

    static Path copy(Path dir, String fixture, String as) throws IOException {
        try (InputStream in = MachineSourcesTest.class.getResourceAsStream("/org/drivercore/topology/imports/" + fixture)) {
            Path p = dir.resolve(as);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    @Test
    void eachFormatIsRecognisedByItsContent() throws IOException {
        assertThat(MachineSources.read(copy(dir, "old-generation.exportdb", "a.txt")).format())
                .isEqualTo(MachineFormat.UDEV_EXPORT_DB);
        assertThat(MachineSources.read(copy(dir, "usb-stick.umockdev", "b.txt")).format()).isEqualTo(MachineFormat.UMOCKDEV);
        Path json = Files.writeString(dir.resolve("c.umockdev"), "\n  {\"machine\": \"m\", \"devices\": []}");
        assertThat(MachineSources.read(json).format()).isEqualTo(MachineFormat.MACHINE_JSON);
        Files.createDirectories(dir.resolve("sys/devices/platform/serial8250"));
        Files.writeString(dir.resolve("sys/devices/platform/serial8250/uevent"), "DRIVER=serial8250\n");
        Files.createDirectories(dir.resolve("sys/bus/platform"));
        Files.createSymbolicLink(dir.resolve("sys/devices/platform/serial8250/subsystem"), Path.of("../../../bus/platform"));
        MachineDraft sys = MachineSources.read(dir.resolve("sys"));
        assertThat(sys.format()).isEqualTo(MachineFormat.SYSFS);
        assertThat(sys.devices()).singleElement().satisfies(e -> assertThat(e.driver()).isEqualTo("serial8250"));
    }

    @Test
    void whatIsNoneOfThemIsRefusedWithOneError() throws IOException {
        refused(Files.writeString(dir.resolve("empty"), "  \n"), "the file is empty");
        refused(Files.write(dir.resolve("bin"), new byte[] { 'P', ':', ' ', 0, 1, 2 }), "binary content");
        refused(Files.writeString(dir.resolve("text"), "\n\nhello world\n"),
                "text:3: not a machine file (JSON, starting with '{'), a udev database or a umockdev recording");
        refused(dir.resolve("missing"), "no such file");
        refused(Files.createSymbolicLink(dir.resolve("dangling.json"), dir.resolve("gone.json")),
                "dangling.json: a link to " + dir.resolve("gone.json") + ", which does not exist");
        Files.createDirectories(dir.resolve("notsys"));
        refused(dir.resolve("notsys"), "a directory without devices/");
    }

    private static void refused(Path p, String message) {
        assertThatThrownBy(() -> MachineSources.read(p)).isInstanceOf(MachineException.class)
                .hasMessageContaining(message).satisfies(e -> assertThat(e.getMessage()).startsWith(p.toString()));
    }

    @Test
    void aByteOrderMarkIsSkipped() throws IOException {
        byte[] bom = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
        Path p = dir.resolve("bom.exportdb");
        Files.write(p, bom);
        Files.writeString(p, "P: /devices/a\nE: SUBSYSTEM=platform\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(MachineSources.detect("x", Files.readAllBytes(p))).isEqualTo(MachineFormat.UDEV_EXPORT_DB);
    }
}
