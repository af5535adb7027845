package org.drivercore.driver.i40e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.drivercore.api.Configs;
import org.drivercore.api.IdTable;
import org.drivercore.api.ShutdownMode;
import org.drivercore.api.StubDevice;
import org.drivercore.api.hardware.HardwareSpec;
import org.drivercore.hardware.internal.HardwareRegistry;
import org.drivercore.shutdown.engine.NodeRecord;
import org.drivercore.shutdown.engine.OneDevice;
import org.junit.jupiter.api.Test;

/** i40e_shutdown() against an emulated X710 function: queues, admin queue, and D3hot at power-off only. */
class I40eDriverTest {

    private static final String FN = "/devices/pci0000:5d/0000:5d:00.0/0000:5e:00.0";

    private final HardwareRegistry hardware = new HardwareRegistry();
    private final I40eDriver i40e = new I40eDriver(hardware, Configs.defaults(I40eDriver.Config.class));
    private final StubDevice device = new StubDevice(FN, "0000:5e:00.0", "pci",
            Map.of("MODALIAS", "pci:v00008086d00001572sv00008086sd00000000bc02sc00i00"), List.of());

    private NodeRecord shutdown(String adminCommand, ShutdownMode mode) {
        hardware.install(Map.of(FN, new HardwareSpec("x710", "nic", Map.of("queueDisable", "fixed(30us)",
                "adminCommand", adminCommand))), true);
        return OneDevice.shutdown(FN, ctx -> i40e.shutdown(device, ctx), mode);
    }

    /**
     * Queues: disabled 30 us after the request, seen at the first read after the 50 ms gap between RX and TX; the
     * admin command, sent then, consumed 500 us later, seen at the tenth read (every 60 us): 50.540 ms; then 12 ms of
     * D3hot.
     */
    @Test
    void atPowerOffTheFunctionGoesToD3hot() {
        NodeRecord r = shutdown("fixed(500us)", ShutdownMode.POWEROFF);
        assertThat(Duration.ofNanos(r.end())).isEqualTo(Duration.ofNanos(50_540_000 + 12_000_000));
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).endsWith("D3hot"));
    }

    @Test
    void atRebootItStaysInD0() {
        NodeRecord r = shutdown("fixed(500us)", ShutdownMode.REBOOT);
        assertThat(Duration.ofNanos(r.end())).isEqualTo(Duration.ofNanos(50_540_000));
    }

    @Test
    void anAdminQueueThatDoesNotAnswerIsGivenUpAfterItsTimeout() {
        NodeRecord r = shutdown("fixed(1s)", ShutdownMode.REBOOT);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).endsWith("admin queue shutdown timed out"));
        // 5000 passes of 60 us: 300 ms after the command was sent at 50 ms.
        assertThat(Duration.ofNanos(r.end())).isEqualTo(Duration.ofNanos(50_000_000 + 300_000_000));
    }

    @Test
    void bindsTheX710() {
        assertThat(IdTable.matches(i40e.idTable(), device)).isTrue();
    }
}
