package org.drivercore.bus.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import org.drivercore.api.Device;
import org.drivercore.api.Driver;
import org.drivercore.api.StubDevice;
import org.junit.jupiter.api.Test;

class ScsiBusTest {

    final ScsiBus bus = new ScsiBus();
    final Driver sd = driver(List.of("scsi:t-0x00*", "scsi:t-0x07*", "scsi:t-0x0e*"));

    @Test
    void onlyScsiDevicesBindAndByType() {
        assertThat(bus.match(device(Map.of("DEVTYPE", "scsi_device", "MODALIAS", "scsi:t-0x00")), sd)).isTrue();
        assertThat(bus.match(device(Map.of("DEVTYPE", "scsi_device", "MODALIAS", "scsi:t-0x05")), sd)).isFalse();
        assertThat(bus.match(device(Map.of("DEVTYPE", "scsi_host")), sd)).isFalse();
        assertThat(bus.match(device(Map.of("DEVTYPE", "scsi_target", "MODALIAS", "scsi:t-0x00")), sd)).isFalse();
    }

    /** v18 patch 5/5: the SCSI midlayer flags hosts, targets and devices when it adds them; the bus has no shutdown. */
    @Test
    void hostsTargetsAndDevicesAreFlaggedByTheSubsystem() {
        assertThat(bus.flagsAsyncShutdown(device(Map.of("DEVTYPE", "scsi_host")))).isTrue();
        assertThat(bus.flagsAsyncShutdown(device(Map.of("DEVTYPE", "scsi_target")))).isTrue();
        assertThat(bus.flagsAsyncShutdown(device(Map.of("DEVTYPE", "scsi_device")))).isTrue();
        assertThat(bus.flagsAsyncShutdown(StubDevice.named("sda", null, Map.of("SUBSYSTEM", "block")))).isFalse();
        assertThat(bus.hasShutdown()).isFalse();
    }

    static Device device(Map<String, String> props) {
        return StubDevice.named("0:0:0:0", "scsi", props);
    }

    static Driver driver(List<String> ids) {
        return (Driver) Proxy.newProxyInstance(Driver.class.getClassLoader(), new Class<?>[] { Driver.class },
                (p, m, a) -> switch (m.getName()) {
                    case "name" -> "sd";
                    case "bus" -> "scsi";
                    case "idTable" -> ids;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
