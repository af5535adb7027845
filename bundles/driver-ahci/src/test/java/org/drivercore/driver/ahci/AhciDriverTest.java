package org.drivercore.driver.ahci;

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
import org.drivercore.shutdown.engine.Outcome;
import org.junit.jupiter.api.Test;

/** ata_pci_shutdown_one() against an emulated HBA: each port's engine, then its FIS reception, port after port. */
class AhciDriverTest {

    private static final String HBA = "/devices/pci0000:00/0000:00:17.0";

    private final HardwareRegistry hardware = new HardwareRegistry();
    private final AhciDriver ahci = new AhciDriver(hardware, Configs.defaults(AhciDriver.Config.class));
    private final StubDevice device = new StubDevice(HBA, "0000:00:17.0", "pci",
            Map.of("MODALIAS", "pci:v00008086d0000A182sv00008086sd00007270bc01sc06i01"), List.of());

    private NodeRecord shutdown(String engineStop, String fisStop, String attached) {
        hardware.install(Map.of(HBA, new HardwareSpec("hba", "ahci", Map.of("ports", "2", "attached", attached,
                "engineStop", engineStop, "fisStop", fisStop))), true);
        return OneDevice.shutdown(HBA, ctx -> ahci.shutdown(device, ctx), ShutdownMode.POWEROFF);
    }

    /**
     * Port 0 (a disk): its engine stops 100 us after ST is cleared, seen at the first read after a 1.05 ms sleep; FIS
     * reception stops 100 us after FRE, seen after a 10.05 ms sleep. Port 1 (empty): idle engine, so only FIS: 10.05 ms.
     */
    @Test
    void eachPortStopsItsEngineThenItsFisReception() {
        NodeRecord r = shutdown("fixed(100us)", "fixed(100us)", "0");
        assertThat(r.outcome()).isEqualTo(Outcome.DONE);
        assertThat(Duration.ofNanos(r.end())).isEqualTo(Duration.ofNanos(1_050_000 + 10_050_000 + 10_050_000));
    }

    @Test
    void anEngineThatDoesNotStopIsLoggedAndItsFisReceptionLeftAlone() {
        NodeRecord r = shutdown("fixed(2s)", "fixed(100us)", "0,1");
        assertThat(r.outcome()).isEqualTo(Outcome.DONE);
        assertThat(r.notes()).filteredOn(n -> n.contains("failed to stop engine")).hasSize(2);
        // Each port: 500 ms of engine polls (the last read at 500 ms), no FIS wait.
        assertThat(Duration.ofNanos(r.end())).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void bindsAhciControllersByClass() {
        assertThat(IdTable.matches(ahci.idTable(), device)).isTrue();
    }
}
