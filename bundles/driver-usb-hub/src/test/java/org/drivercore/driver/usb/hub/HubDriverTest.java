package org.drivercore.driver.usb.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.drivercore.api.Configs;
import org.drivercore.api.IdTable;
import org.drivercore.api.InitcallLevel;
import org.drivercore.api.StubDevice;
import org.junit.jupiter.api.Test;

class HubDriverTest {

    private final HubDriver hub = new HubDriver(Configs.defaults(HubDriver.Config.class));

    @Test
    void bindsHubInterfacesRegistersAtSubsysAndHasNoShutdown() {
        assertThat(IdTable.matches(hub.idTable(), StubDevice.named("1-0:1.0", "usb",
                Map.of("DEVTYPE", "usb_interface", "MODALIAS", "usb:v1D6Bp0002d0515dc09dsc00dp01ic09isc00ip00in00")))).isTrue();
        assertThat(IdTable.matches(hub.idTable(), StubDevice.named("1-4:1.0", "usb",
                Map.of("DEVTYPE", "usb_interface", "MODALIAS", "usb:v046DpC31Cd6400dc00dsc00dp00ic03isc01ip01in00")))).isFalse();
        assertThat(hub.initcall()).isEqualTo(InitcallLevel.SUBSYS);
        assertThat(hub.hasShutdown()).isFalse();
    }
}
