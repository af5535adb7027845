package org.drivercore.bus.usb;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import org.drivercore.api.Device;
import org.drivercore.api.Driver;
import org.drivercore.api.StubDevice;
import org.drivercore.api.ProbeResult;
import org.junit.jupiter.api.Test;

class UsbBusTest {

    final UsbBus bus = new UsbBus();
    final Device keyboard = device("1-1", Map.of("DEVTYPE", "usb_device", "PRODUCT", "46d/c31c/6400"));
    final Device hidInterface = device("1-1:1.0", Map.of("DEVTYPE", "usb_interface",
            "MODALIAS", "usb:v046DpC31Cd6400dc00dsc00dp00ic03isc01ip01in00"));

    @Test
    void deviceDriversDriveDevicesOnly() {
        Driver usb = driver("usb", List.of("devtype:usb_device"));
        assertThat(bus.match(keyboard, usb)).isTrue();
        assertThat(bus.match(hidInterface, usb)).isFalse();
    }

    @Test
    void interfaceDriversMatchInterfacesByModalias() {
        assertThat(bus.match(hidInterface, driver("usbhid", List.of("usb:v*p*d*dc*dsc*dp*ic03isc*ip*in*")))).isTrue();
        assertThat(bus.match(hidInterface, driver("usb-storage", List.of("usb:v*p*d*dc*dsc*dp*ic08isc06ip50in*")))).isFalse();
        assertThat(bus.match(keyboard, driver("usbhid", List.of("usb:v*p*d*dc*dsc*dp*ic03isc*ip*in*")))).isFalse();
    }

    static Device device(String name, Map<String, String> props) {
        return StubDevice.named(name, "usb", props);
    }

    static Driver driver(String name, List<String> ids) {
        return (Driver) Proxy.newProxyInstance(Driver.class.getClassLoader(), new Class<?>[] { Driver.class },
                (p, m, a) -> switch (m.getName()) {
                    case "name" -> name;
                    case "bus" -> "usb";
                    case "idTable" -> ids;
                    case "probe" -> ProbeResult.bound();
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
