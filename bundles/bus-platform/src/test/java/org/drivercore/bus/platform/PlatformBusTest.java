package org.drivercore.bus.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.drivercore.api.Device;
import org.drivercore.api.Driver;
import org.drivercore.api.RecordingContext;
import org.drivercore.api.ShutdownMode;
import org.drivercore.api.StubDevice;
import org.drivercore.api.StubDriver;
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

    /** platform_shutdown(): the bus's hook, the bound driver's shutdown if it has one, nothing otherwise. */
    @Test
    void theBusHookCallsTheDriversShutdownOnlyIfThereIsOne() {
        PlatformBus bus = new PlatformBus();
        Device pcspkr = StubDevice.named("pcspkr", "platform", java.util.Map.of());
        StubDriver withShutdown = new StubDriver("pcspkr", "platform", Duration.ofNanos(10_000));
        RecordingContext ctx = new RecordingContext(ShutdownMode.POWEROFF);

        assertThat(bus.hasShutdown()).isTrue();
        bus.shutdown(pcspkr, withShutdown, ctx).toCompletableFuture().join();
        assertThat(bus.shutdown(pcspkr, null, ctx).toCompletableFuture()).isCompleted();
        assertThat(bus.shutdown(pcspkr, new StubDriver("pcspkr", "platform", null), ctx).toCompletableFuture()).isCompleted();
        assertThat(withShutdown.shutdowns).containsExactly("pcspkr");
        assertThat(ctx.sleeps).containsExactly(Duration.ofNanos(10_000));
        assertThat(bus.flagsAsyncShutdown(pcspkr)).as("v18 flags no platform device").isFalse();
    }

    static Driver driver(String name, List<String> ids) {
        return new StubDriver(name, "platform", ids, null);
    }
}
