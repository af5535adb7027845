package org.drivercore.topology.internal.udev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.drivercore.api.MachineException;
import org.junit.jupiter.api.Test;

/** Every generation of {@code udevadm info --export-db} seen in the wild, and what is refused. */
class ExportDbReaderTest {

    static DeviceRecords fixture(String name) throws IOException {
        try (InputStream in = ExportDbReaderTest.class.getResourceAsStream("/org/drivercore/topology/imports/" + name)) {
            return ExportDbReader.read(name, in);
        }
    }

    static DeviceRecords text(String text) {
        return ExportDbReader.read("t.exportdb", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    static Map<String, DeviceRecord> byPath(DeviceRecords r) {
        return r.devices().stream().collect(Collectors.toMap(DeviceRecord::devpath, Function.identity()));
    }

    @Test
    void theOldGenerationHasOnlyPathNodeSymlinksAndProperties() throws IOException {
        DeviceRecords r = fixture("old-generation.exportdb");
        assertThat(r.devices()).hasSize(18);
        Map<String, DeviceRecord> d = byPath(r);
        DeviceRecord disk = d.get("/devices/pci0000:00/0000:00:01.1/ata1/host0/target0:0:0/0:0:0:0");
        assertThat(disk.driver()).isEqualTo("sd");
        assertThat(disk.subsystem()).isEqualTo("scsi");
        assertThat(disk.line()).isEqualTo(38);
        assertThat(disk.kind()).isEqualTo(DeviceRecord.Kind.UNKNOWN);
        // udev's own escapes stay as udev wrote them.
        assertThat(d.get("/devices/pci0000:00/0000:00:01.1/ata1/host0/target0:0:0/0:0:0:0/block/sda").properties())
                .containsEntry("ID_MODEL_ENC", "QEMU\\x20HARDDISK\\x20\\x20\\x20");
        assertThat(r.machine()).isEqualTo("QEMU StandardPC(i440FX+PIIX,1996) (pc-i440fx-8.2)");
        assertThat(r.notes()).isEmpty();
    }

    @Test
    void newerGenerationsNameSubsystemAndDriverOnTheirOwnLines() throws IOException {
        Map<String, DeviceRecord> d = byPath(fixture("systemd-257.exportdb"));
        assertThat(d).hasSize(6);
        // This record has no SUBSYSTEM= or DRIVER= property: U: and V: stand in for them.
        DeviceRecord nvme = d.get("/devices/pci0000:00/0000:00:1d.0/0000:02:00.0");
        assertThat(nvme.subsystem()).isEqualTo("pci");
        assertThat(nvme.driver()).isEqualTo("nvme");
        assertThat(d.get("/devices/pci0000:00/0000:00:1f.6/net/eno1").driver()).isNull();
    }

    @Test
    void duplicatedRecordsMergeAndLinesThatLostTheirPrefixAreProperties() throws IOException {
        DeviceRecords r = fixture("duplicates-and-stray.exportdb");
        assertThat(r.devices()).hasSize(8);
        DeviceRecord hid = byPath(r).get("/devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0/0003:1FD2:6003.0001");
        assertThat(hid.properties()).containsEntry("MODALIAS", "hid:b0003g0001v00001FD2p00006003")
                .containsEntry("HID_NAME", "Melfas LGDisplay Incell Touch");
        assertThat(hid.driver()).isEqualTo("hid-generic");
        assertThat(r.notes()).containsExactly("2 duplicated records merged (same P: line)",
                "1 lines without their 'E: ' prefix read as properties");
    }

    @Test
    void aLineThatIsNoneOfThoseIsAnErrorAtItsLine() {
        assertThatThrownBy(() -> text("P: /devices/a\nE: SUBSYSTEM=pci\nthis is not udev\n"))
                .isInstanceOf(MachineException.class)
                .hasMessage("t.exportdb:3: not a udev database line: 'this is not udev' (expected a tag such as 'P: ' "
                        + "or 'E: ', or a blank line between records)");
    }

    @Test
    void aTruncatedLineIsAnError() {
        assertThatThrownBy(() -> text("P: /devices/a\nE: SUBSYSTEM=pci\n\nP: /devices/b\nE: SUBSYS"))
                .isInstanceOf(MachineException.class).hasMessageStartingWith("t.exportdb:5: a property reads KEY=VALUE");
    }

    @Test
    void aTagOutsideARecordOrAPriorityThatIsNoNumberIsAnError() {
        assertThatThrownBy(() -> text("E: SUBSYSTEM=pci\n")).hasMessageStartingWith("t.exportdb:1: 'E:' outside a record");
        assertThatThrownBy(() -> text("P: /devices/a\nL: driver=../x\n")).hasMessageStartingWith(
                "t.exportdb:2: 'L:' is a link priority, a number");
        assertThatThrownBy(() -> text("P: devices/a\n")).hasMessageStartingWith("t.exportdb:1: a devpath starts with '/'");
    }

    @Test
    void binaryContentIsRefusedAtItsLine() {
        byte[] bytes = "P: /devices/a\nE: X=\u0000\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ExportDbReader.read("b", new ByteArrayInputStream(bytes)))
                .hasMessage("b:2: binary content (a NUL character): not a text file");
        byte[] latin = { 'P', ':', ' ', '/', (byte) 0xff, '\n' };
        assertThatThrownBy(() -> ExportDbReader.read("b", new ByteArrayInputStream(latin)))
                .hasMessage("b:1: binary content (not UTF-8): not a text file");
    }

    @Test
    void aLineLongerThanAnyUdevWritesIsRefusedWithoutReadingItAll() {
        String huge = "P: /devices/" + "a".repeat(SourceLines.MAX_LINE * 4);
        assertThatThrownBy(() -> text(huge)).hasMessageStartingWith("t.exportdb:1: a line longer than");
    }

    @Test
    void aDumpWithoutRecordsIsAnError() {
        assertThatThrownBy(() -> text("\n\n")).hasMessageContaining("no device records");
    }
}
