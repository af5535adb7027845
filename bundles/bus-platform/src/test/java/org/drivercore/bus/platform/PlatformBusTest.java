package org.drivercore.bus.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.drivercore.api.Device;
import org.drivercore.api.StubDevice;
import org.drivercore.api.Driver;
import org.drivercore.api.ProbeContext;
import org.drivercore.api.ProbeResult;
import org.junit.jupiter.api.Test;

class PlatformBusTest {

    @Test
    void instanceSuffixesAreIgnoredWhenMatchingByName() {
        assertThat(PlatformBus.baseName("serial8250")).isEqualTo("serial8250");
        assertThat(PlatformBus.baseName("serial8250.0")).isEqualTo("serial8250");
        assertThat(PlatformBus.baseName("alarmtimer.0.auto")).isEqualTo("alarmtimer");
        assertThat(PlatformBus.baseName("ff000000.uart")).isEqualTo("ff000000.uart");
    }

    @Test
    void matchesByCompatibleByIdTableOrByName() {
        PlatformBus bus = new PlatformBus();
        Device uart = new StubDevice("/devices/platform/soc/ff000000.uart", "ff000000.uart", "platform",
                java.util.Map.of("OF_COMPATIBLE_0", "arm,pl011", "OF_COMPATIBLE_N", "1"), List.of());
        assertThat(bus.match(uart, driver("uart-pl011", List.of("arm,pl011")))).isTrue();
        assertThat(bus.match(uart, driver("uart-pl011", List.of("arm,sbsa-uart")))).isFalse();
        Device serial = new StubDevice("/devices/platform/serial8250", "serial8250.0", "platform", java.util.Map.of(), List.of());
        assertThat(bus.match(serial, driver("serial8250", List.of()))).isTrue();
        assertThat(bus.match(serial, driver("i8042", List.of()))).isFalse();
    }

    static Driver driver(String name, List<String> ids) {
        return new Driver() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String bus() {
                return "platform";
            }

            @Override
            public List<String> idTable() {
                return ids;
            }

            @Override
            public ProbeResult probe(Device device, ProbeContext context) {
                return ProbeResult.bound();
            }
        };
    }
}
