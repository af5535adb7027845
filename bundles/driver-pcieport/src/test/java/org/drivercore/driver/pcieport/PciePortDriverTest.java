package org.drivercore.driver.pcieport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.drivercore.api.Configs;
import org.drivercore.api.IdTable;
import org.drivercore.api.ShutdownMode;
import org.drivercore.api.StubDevice;
import org.drivercore.shutdown.engine.NodeRecord;
import org.drivercore.shutdown.engine.OneDevice;
import org.drivercore.shutdown.engine.Outcome;
import org.junit.jupiter.api.Test;

class PciePortDriverTest {

    private final PciePortDriver port = new PciePortDriver(Configs.defaults(PciePortDriver.Config.class));

    @Test
    void bindsBridgesAndShutsDownWithoutWaiting() {
        StubDevice bridge = new StubDevice("/devices/pci0000:17/0000:17:00.0", "0000:17:00.0", "pci",
                Map.of("MODALIAS", "pci:v00008086d00002030sv00008086sd00000000bc06sc04i00"), List.of());
        StubDevice nvme = StubDevice.named("0000:1a:00.0", "pci", Map.of("MODALIAS", "pci:v0000144Dd0000A824sv0000144Dsd0000A801bc01sc08i02"));
        assertThat(IdTable.matches(port.idTable(), bridge)).isTrue();
        assertThat(IdTable.matches(port.idTable(), nvme)).isFalse();

        NodeRecord r = OneDevice.shutdown(bridge.path(), ctx -> port.shutdown(bridge, ctx), ShutdownMode.POWEROFF);

        assertThat(r.outcome()).isEqualTo(Outcome.DONE);
        assertThat(r.end()).isZero();
        assertThat(r.notes()).singleElement().asString().contains("pcie_portdrv_shutdown()");
    }
}
