package org.drivercore.driver.usb.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.drivercore.api.Configs;
import org.drivercore.api.IdTable;
import org.drivercore.api.StubDevice;
import org.junit.jupiter.api.Test;

class UsbStorageDriverTest {

    private final UsbStorageDriver storage = new UsbStorageDriver(Configs.defaults(UsbStorageDriver.Config.class));

    @Test
    void bindsBulkOnlyMassStorageInterfacesAndHasNoShutdown() {
        assertThat(IdTable.matches(storage.idTable(), StubDevice.named("1-1.2:1.0", "usb",
                Map.of("DEVTYPE", "usb_interface", "MODALIAS", "usb:v046BpFF40d0100dc00dsc00dp00ic08isc06ip50in00")))).isTrue();
        assertThat(IdTable.matches(storage.idTable(), StubDevice.named("1-4:1.0", "usb",
                Map.of("DEVTYPE", "usb_interface", "MODALIAS", "usb:v046DpC31Cd6400dc00dsc00dp00ic03isc01ip01in00")))).isFalse();
        assertThat(storage.hasShutdown()).isFalse();
    }
}
