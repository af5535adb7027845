package org.drivercore.topology.internal.udev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** umockdev-record's format: udev's lines, then attributes, binary attributes, symlinks; children first. */
class UmockdevReaderTest {

    static DeviceRecords fixture(String name) throws IOException {
        try (InputStream in = UmockdevReaderTest.class.getResourceAsStream("/org/drivercore/topology/imports/" + name)) {
            return UmockdevReader.read(name, in);
        }
    }

    static DeviceRecords text(String text) {
        return UmockdevReader.read("t.umockdev", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void recordsComeChildFirstWithTheirAttributesAndLinks() throws IOException {
        DeviceRecords r = fixture("usb-stick.umockdev");
        assertThat(r.devices()).hasSize(9);
        assertThat(r.devices().get(0).devpath()).endsWith("/block/sdb");
        Map<String, DeviceRecord> d = ExportDbReaderTest.byPath(r);
        DeviceRecord disk = d.get("/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host4/target4:0:0/4:0:0:0");
        // g_strescape(): \n, octal, \t, \".
        assertThat(disk.attributes()).containsEntry("model", "Flash Disk      \n").containsEntry("vendor", "Generic \t\"x\"");
        // The bound driver from the driver link where udev's property is missing; the subsystem link tells a bus.
        DeviceRecord rootHub = d.get("/devices/pci0000:00/0000:00:14.0/usb1");
        assertThat(rootHub.driver()).isEqualTo("usb");
        assertThat(rootHub.kind()).isEqualTo(DeviceRecord.Kind.BUS);
        assertThat(d.get("/devices/pci0000:00/0000:00:14.0").attributes())
                .containsEntry("supplier:platform:INT33C5:00", "../../virtual/devlink/platform:INT33C5:00--pci:0000:00:14.0");
        assertThat(r.machine()).isNull();
    }

    @Test
    void aBinaryAttributeIsHexAndAnEscapeIsGLibs() {
        assertThatThrownBy(() -> text("P: /devices/a\nH: descriptors=12G4\n"))
                .hasMessageStartingWith("t.umockdev:2: 'H:' carries a binary attribute as pairs of hex digits");
        assertThatThrownBy(() -> text("P: /devices/a\nA: x=\\q\n"))
                .hasMessage("t.umockdev:2: unknown escape '\\q' in an attribute value");
        assertThatThrownBy(() -> text("P: /devices/a\nA: novalue\n")).hasMessageStartingWith("t.umockdev:2: 'A:' reads NAME=VALUE");
        assertThatThrownBy(() -> text("P: /devices/a\nnot umockdev\n")).hasMessageStartingWith(
                "t.umockdev:2: not a umockdev recording line");
    }

    @Test
    void octalEscapesTakeUpToThreeDigits() {
        assertThat(UmockdevReader.unescape("a\\101b\\12", null)).isEqualTo("aAb\n");
    }
}
