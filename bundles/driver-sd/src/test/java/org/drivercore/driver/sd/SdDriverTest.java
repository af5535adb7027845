package org.drivercore.driver.sd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.drivercore.api.Configs;
import org.drivercore.api.Device;
import org.drivercore.api.IdTable;
import org.drivercore.api.ShutdownMode;
import org.drivercore.api.StubDevice;
import org.drivercore.api.hardware.HardwareSpec;
import org.drivercore.hardware.internal.HardwareRegistry;
import org.drivercore.shutdown.engine.NodeRecord;
import org.drivercore.shutdown.engine.OneDevice;
import org.drivercore.shutdown.engine.Outcome;
import org.junit.jupiter.api.Test;

/** sd_shutdown() against an emulated disk: flush with the write cache on, stop at power-off behind libata only. */
class SdDriverTest {

    private final HardwareRegistry hardware = new HardwareRegistry();
    private final SdDriver sd = new SdDriver(hardware, Configs.defaults(SdDriver.Config.class));

    /** A SCSI disk, behind an ata port (libata) or a USB interface. */
    private Device disk(String path, boolean ata, boolean writeCache) {
        hardware.install(Map.of(path, new HardwareSpec("disk", "disk", Map.of("writeCache", String.valueOf(writeCache),
                "flush", "fixed(80ms)", "standby", "fixed(300ms)"))), false);
        StubDevice port = StubDevice.named("ata1", null, Map.of("DEVTYPE", ata ? "ata_port" : "usb_interface"));
        StubDevice host = new StubDevice(path.substring(0, path.lastIndexOf('/')), "host0", "scsi",
                Map.of("DEVTYPE", "scsi_host"), List.of()).withParent(port);
        return new StubDevice(path, "0:0:0:0", "scsi", Map.of("DEVTYPE", "scsi_device", "MODALIAS", "scsi:t-0x00"),
                List.of()).withParent(host);
    }

    private NodeRecord shutdown(Device d, ShutdownMode mode) {
        return OneDevice.shutdown(d.path(), ctx -> sd.shutdown(d, ctx), mode);
    }

    @Test
    void aSataDiskIsFlushedThenStoppedAtPowerOff() {
        NodeRecord r = shutdown(disk("/devices/a/host0/0:0:0:0", true, true), ShutdownMode.POWEROFF);
        assertThat(r.outcome()).isEqualTo(Outcome.DONE);
        assertThat(Duration.ofNanos(r.end())).isEqualTo(Duration.ofMillis(380));
        assertThat(r.notes()).extracting(n -> n.substring(n.indexOf(": ") + 2))
                .containsExactly("Synchronizing SCSI cache", "Stopping disk");
    }

    @Test
    void atRebootKexecAndHaltASataDiskIsOnlyFlushed() {
        for (ShutdownMode mode : List.of(ShutdownMode.REBOOT, ShutdownMode.KEXEC, ShutdownMode.HALT)) {
            NodeRecord r = shutdown(disk("/devices/b/host0/0:0:0:0", true, true), mode);
            assertThat(Duration.ofNanos(r.end())).as(mode.toString()).isEqualTo(Duration.ofMillis(80));
        }
    }

    @Test
    void withoutAWriteCacheNothingIsFlushed() {
        NodeRecord r = shutdown(disk("/devices/c/host0/0:0:0:0", true, false), ShutdownMode.POWEROFF);
        assertThat(Duration.ofNanos(r.end())).isEqualTo(Duration.ofMillis(300));
        assertThat(r.notes()).noneMatch(n -> n.contains("Synchronizing"));
    }

    @Test
    void aDiskNotBehindLibataIsNotStoppedUnlessConfigured() {
        Device usb = disk("/devices/d/host0/0:0:0:0", false, true);
        assertThat(Duration.ofNanos(shutdown(usb, ShutdownMode.POWEROFF).end())).isEqualTo(Duration.ofMillis(80));
        SdDriver managed = new SdDriver(hardware, Configs.of(SdDriver.Config.class, Map.of("manage_system_start_stop", true)));
        assertThat(managed.stops(usb, ShutdownMode.HALT)).isTrue();
        assertThat(managed.stops(usb, ShutdownMode.REBOOT)).isFalse();
    }

    @Test
    void bindsDisksAndOpticalDrivesByType() {
        Device d = disk("/devices/e/host0/0:0:0:0", true, true);
        assertThat(IdTable.matches(sd.idTable(), d)).isTrue();
        assertThat(IdTable.matches(sd.idTable(), StubDevice.named("1:0:0:0", "scsi", Map.of("MODALIAS", "scsi:t-0x05"))))
                .as("a CD-ROM is sr's").isFalse();
    }

    /** In a udev database the port has no record (no bus, no class): the disk's path names it. */
    @Test
    void aDiskBelowAnAtaPortDirectoryIsBehindLibataWithoutAPortRecord() {
        String path = "/devices/pci0000:00/0000:00:1f.2/ata3/host2/target2:0:0/2:0:0:0";
        StubDevice bare = new StubDevice(path, "2:0:0:0", "scsi", Map.of("DEVTYPE", "scsi_device"), List.of());
        assertThat(SdDriver.behindLibata(bare)).isTrue();
        StubDevice usb = new StubDevice("/devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0",
                "6:0:0:0", "scsi", Map.of("DEVTYPE", "scsi_device"), List.of());
        assertThat(SdDriver.behindLibata(usb)).isFalse();
    }

}
