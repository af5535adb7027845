package org.drivercore.bus.generic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.drivercore.api.BusType;
import org.drivercore.api.Configs;
import org.drivercore.api.Driver;
import org.drivercore.api.ProbeResult;
import org.drivercore.api.StubDevice;
import org.junit.jupiter.api.Test;

class GenericBusTest {

    private static GenericBus bus(String name) {
        return new GenericBus(Configs.of(GenericBus.Config.class, Map.of("bus_name", name)));
    }

    @Test
    void theConfigurationNamesTheBus() {
        assertThat(bus(" i2c ").name()).isEqualTo("i2c");
        assertThat(bus("i2c").hasShutdown()).isFalse();
    }

    @Test
    void aDriverMatchesByItsIdTableAgainstTheModalias() {
        StubDevice eeprom = new StubDevice("/devices/platform/i2c-0/0-0050", "0-0050", "i2c",
                Map.of("MODALIAS", "i2c:24c02"), List.of());
        Driver at24 = new Driver() {
            @Override
            public String name() {
                return "at24";
            }

            @Override
            public String bus() {
                return "i2c";
            }

            @Override
            public List<String> idTable() {
                return List.of("i2c:24c*");
            }

            @Override
            public ProbeResult probe(org.drivercore.api.Device device, org.drivercore.api.ProbeContext context) {
                return ProbeResult.bound();
            }
        };
        assertThat(bus("i2c").match(eeprom, at24)).isTrue();
    }

    @Test
    void aBusWithoutANameIsRefused() {
        assertThatThrownBy(() -> bus(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(BusType.GENERIC_BUS_NAME);
    }
}
