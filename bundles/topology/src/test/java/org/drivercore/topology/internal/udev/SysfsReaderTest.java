package org.drivercore.topology.internal.udev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.drivercore.api.MachineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sysfs read-only: a small one built here with links as the kernel makes them, and the machine's own. */
class SysfsReaderTest {

    @TempDir
    Path sys;

    private Path device(String devpath, String subsystemLink, String driverLink, String uevent) throws IOException {
        return SysfsFixture.device(sys, devpath, subsystemLink, driverLink, uevent);
    }

    @Test
    void devicesAreDirectoriesWithAUeventAndASubsystemLink() throws IOException {
        device("/devices/pci0000:00/0000:00:1d.0", "../../../bus/pci", "../../../bus/pci/drivers/pcieport",
                "DRIVER=pcieport\nPCI_CLASS=60400\nMODALIAS=pci:v00008086d0000A330sv0sd0bc06sc04i00\n");
        device("/devices/pci0000:00/0000:00:1d.0/0000:02:00.0/nvme/nvme0", "../../../../../../class/nvme", null,
                "MAJOR=239\nMINOR=0\nDEVNAME=nvme0\n");
        // Not a device: a directory without a uevent file, and a symlink the walk must not follow.
        Files.createDirectories(sys.resolve("devices/pci0000:00/0000:00:1d.0/0000:02:00.0"));
        Files.createSymbolicLink(sys.resolve("devices/pci0000:00/0000:00:1d.0/firmware_node"), Path.of("../.."));
        Path link = device("/devices/virtual/devlink/pci:0000:00:1d.0--nvme:nvme0", "../../../../class/devlink", null, "");
        Files.writeString(link.resolve("status"), "not tracked\n");
        Files.writeString(link.resolve("sync_state_only"), "0\n");
        Path dmi = Files.createDirectories(sys.resolve("devices/virtual/dmi/id"));
        Files.writeString(dmi.resolve("sys_vendor"), "Dell Inc.\n");
        Files.writeString(dmi.resolve("product_name"), "Latitude 5580\n");

        DeviceRecords r = SysfsReader.read(sys);
        Map<String, DeviceRecord> d = ExportDbReaderTest.byPath(r);
        assertThat(d).containsOnlyKeys("/devices/pci0000:00/0000:00:1d.0",
                "/devices/pci0000:00/0000:00:1d.0/0000:02:00.0/nvme/nvme0",
                "/devices/virtual/devlink/pci:0000:00:1d.0--nvme:nvme0");
        DeviceRecord port = d.get("/devices/pci0000:00/0000:00:1d.0");
        assertThat(port.driver()).isEqualTo("pcieport");
        assertThat(port.kind()).isEqualTo(DeviceRecord.Kind.BUS);
        assertThat(port.properties()).containsEntry("SUBSYSTEM", "pci").containsEntry("PCI_CLASS", "60400");
        assertThat(d.get("/devices/pci0000:00/0000:00:1d.0/0000:02:00.0/nvme/nvme0").kind()).isEqualTo(DeviceRecord.Kind.CLASS);
        assertThat(d.get("/devices/virtual/devlink/pci:0000:00:1d.0--nvme:nvme0").attributes())
                .containsEntry("status", "not tracked").containsEntry("sync_state_only", "0");
        assertThat(r.machine()).isEqualTo("Dell Inc. Latitude 5580");
    }

    @Test
    void aDirectoryThatIsNoSysfsIsRefused() {
        assertThatThrownBy(() -> SysfsReader.read(sys)).isInstanceOf(MachineException.class)
                .hasMessage(sys + ": a directory without devices/: not a sysfs (give /sys, or a copy of it)");
    }

    /** The machine this runs on: every directory below /sys/devices with a uevent file and a subsystem link. */
    @Test
    void theLiveSysOfThisMachineReads() throws IOException {
        Path live = Path.of("/sys");
        assumeTrue(Files.isDirectory(live.resolve("devices")), "no /sys here");
        long expected;
        try (Stream<Path> all = Files.walk(live.resolve("devices"))) {
            expected = all.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> Files.isRegularFile(p.resolve("uevent")) && Files.isSymbolicLink(p.resolve("subsystem")))
                    .count();
        }
        DeviceRecords r = SysfsReader.read(live);
        assertThat(r.devices()).hasSize((int) expected);
        assertThat(r.devices()).allSatisfy(d -> assertThat(d.subsystem()).as(d.devpath()).isNotNull());
        assertThat(r.devices()).allSatisfy(d -> assertThat(d.kind()).as(d.devpath()).isNotEqualTo(DeviceRecord.Kind.UNKNOWN));
    }
}
