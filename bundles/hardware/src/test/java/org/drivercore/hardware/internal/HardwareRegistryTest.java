package org.drivercore.hardware.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.drivercore.api.RecordingContext;
import org.drivercore.api.ShutdownMode;
import org.drivercore.api.hardware.AhciHba;
import org.drivercore.api.hardware.HardwareSpec;
import org.drivercore.api.hardware.NvmeController;
import org.drivercore.api.hardware.ScsiDisk;
import org.junit.jupiter.api.Test;

class HardwareRegistryTest {

    private final HardwareRegistry hw = new HardwareRegistry();

    private static HardwareSpec nvme(String shutdown) {
        return new HardwareSpec("ssd", "nvme", Map.of("shutdown", shutdown, "seed", "7", "source", "a datasheet"));
    }

    @Test
    void aDeviceHasTheModelOfItsKindAndNoOther() {
        hw.install(Map.of("/devices/n", nvme("fixed(1s)")), false);
        assertThat(hw.model("/devices/n", NvmeController.class)).isPresent();
        assertThat(hw.model("/devices/n", ScsiDisk.class)).isEmpty();
        assertThat(hw.model("/devices/other", NvmeController.class)).isEmpty();
    }

    @Test
    void theSamplesDependOnTheSeedAndThePathOnly() {
        hw.install(Map.of("/devices/a", nvme("lognormal(median=4500ms, sigma=0.2)"),
                "/devices/b", nvme("lognormal(median=4500ms, sigma=0.2)")), false);
        Duration a1 = completionTime(hw.model("/devices/a", NvmeController.class).orElseThrow());
        Duration a2 = completionTime(hw.model("/devices/a", NvmeController.class).orElseThrow());
        Duration b = completionTime(hw.model("/devices/b", NvmeController.class).orElseThrow());
        assertThat(a1).isEqualTo(a2).isNotEqualTo(b);
    }

    /** When CSTS.SHST first reads complete after CC.SHN, polled every millisecond. */
    private static Duration completionTime(NvmeController c) {
        RecordingContext ctx = new RecordingContext(ShutdownMode.POWEROFF);
        NvmeController.Session s = c.open();
        s.writeCc(ctx, NvmeController.CC_ENABLE | NvmeController.CC_SHN_NORMAL);
        ctx.pollUntil(() -> (s.readCsts(ctx) & NvmeController.CSTS_SHST_MASK) == NvmeController.CSTS_SHST_CMPLT,
                Duration.ofMillis(1), Duration.ofSeconds(60));
        return ctx.elapsed();
    }

    @Test
    void eachShutdownStartsFromALiveController() {
        hw.install(Map.of("/devices/n", nvme("fixed(10ms)")), false);
        NvmeController c = hw.model("/devices/n", NvmeController.class).orElseThrow();
        completionTime(c);
        RecordingContext ctx = new RecordingContext(ShutdownMode.POWEROFF);
        assertThat(c.open().readCsts(ctx)).isEqualTo(NvmeController.CSTS_RDY);
    }

    @Test
    void anAhciPortWithoutADeviceHasItsEngineIdle() {
        hw.install(Map.of("/devices/h", new HardwareSpec("hba", "ahci", Map.of("ports", "2", "attached", "1",
                "engineStop", "fixed(1ms)", "fisStop", "fixed(1ms)"))), false);
        AhciHba.Session s = hw.model("/devices/h", AhciHba.class).orElseThrow().open();
        RecordingContext ctx = new RecordingContext(ShutdownMode.POWEROFF);
        assertThat(s.readPortCmd(ctx, 0) & (AhciHba.PORT_CMD_START | AhciHba.PORT_CMD_LIST_ON)).isZero();
        assertThat(s.readPortCmd(ctx, 1) & AhciHba.PORT_CMD_LIST_ON).isNotZero();
    }

    @Test
    void badDescriptionsNameWhatIsWrong() {
        assertThatThrownBy(() -> hw.check(new HardwareSpec("x", "floppy", Map.of())))
                .hasMessage("hardware 'x': unknown kind 'floppy' (known: ahci, disk, nic, nvme, xhci)");
        assertThatThrownBy(() -> hw.check(new HardwareSpec("x", "nvme", Map.of())))
                .hasMessageContaining("hardware 'x': shutdown is missing");
        assertThatThrownBy(() -> hw.check(new HardwareSpec("x", "nvme", Map.of("shutdown", "fixed(1s)", "colour", "red"))))
                .hasMessageContaining("colour is unknown for kind 'nvme' (known: adminCommand, ioQueues, rtd3e, seed, "
                        + "shutdown, source)");
        assertThatThrownBy(() -> hw.check(new HardwareSpec("x", "nvme", Map.of("shutdown", "fixed(1s)", "rtd3e", "soon"))))
                .hasMessageContaining("rtd3e 'soon' is not a duration");
        assertThatThrownBy(() -> hw.check(new HardwareSpec("x", "ahci", Map.of("ports", "4", "attached", "5",
                "engineStop", "fixed(1ms)", "fisStop", "fixed(1ms)")))).hasMessageContaining("attached port 5 is not one of the 4");
        assertThatThrownBy(() -> hw.check(new HardwareSpec("x", "disk", Map.of("flush", "fixed(1ms)", "standby",
                "fixed(1ms)", "writeCache", "maybe")))).hasMessageContaining("writeCache 'maybe' is not true or false");
    }

    @Test
    void anInstallIsAllOrNothingAndCanBeUndone() {
        hw.install(Map.of("/devices/old", nvme("fixed(1s)")), false);
        assertThatThrownBy(() -> hw.install(Map.of("/devices/a", nvme("fixed(1s)"), "/devices/b", nvme("often")), true))
                .hasMessageStartingWith("/devices/b: hardware 'ssd': shutdown");
        assertThat(hw.model("/devices/old", NvmeController.class)).as("nothing changed").isPresent();
        assertThat(hw.model("/devices/a", NvmeController.class)).isEmpty();

        Runnable undo = hw.install(Map.of("/devices/a", nvme("fixed(1s)")), true);
        assertThat(hw.model("/devices/old", NvmeController.class)).as("replaced").isEmpty();
        undo.run();
        assertThat(hw.model("/devices/old", NvmeController.class)).isPresent();
        assertThat(hw.model("/devices/a", NvmeController.class)).isEmpty();
    }
}
