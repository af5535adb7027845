package org.drivercore.driver.xhci;

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

/** xhci_halt() against an emulated controller: R/S cleared, HCHalted polled every microsecond for 32 ms at most. */
class XhciDriverTest {

    private static final String HC = "/devices/pci0000:00/0000:00:14.0";

    private final HardwareRegistry hardware = new HardwareRegistry();
    private final XhciDriver xhci = new XhciDriver(hardware, Configs.defaults(XhciDriver.Config.class));
    private final StubDevice device = new StubDevice(HC, "0000:00:14.0", "pci",
            Map.of("MODALIAS", "pci:v00008086d0000A1AFsv00008086sd00007270bc0Csc03i30"), List.of());

    private NodeRecord shutdown(String halt) {
        hardware.install(Map.of(HC, new HardwareSpec("hc", "xhci", Map.of("halt", halt))), true);
        return OneDevice.shutdown(HC, ctx -> xhci.shutdown(device, ctx), ShutdownMode.POWEROFF);
    }

    @Test
    void haltsAsSoonAsTheControllerSaysSo() {
        NodeRecord r = shutdown("fixed(250us)");
        assertThat(Duration.ofNanos(r.end())).isEqualTo(Duration.ofNanos(250_000));
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).endsWith("halted"));
    }

    @Test
    void aControllerThatDoesNotHaltWithin32msIsLoggedAndTheShutdownGoesOn() {
        NodeRecord r = shutdown("fixed(50ms)");
        assertThat(Duration.ofNanos(r.end())).isEqualTo(Duration.ofMillis(32));
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).endsWith("Host halt failed"));
    }

    @Test
    void bindsXhciControllersByClass() {
        assertThat(IdTable.matches(xhci.idTable(), device)).isTrue();
    }
}
