package org.drivercore.bus.pci;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.drivercore.api.Device;
import org.drivercore.api.RecordingContext;
import org.drivercore.api.ShutdownMode;
import org.drivercore.api.StubDevice;
import org.drivercore.api.StubDriver;
import org.junit.jupiter.api.Test;

/** pci_device_shutdown() and v18's flags, as drivers/pci has them. */
class PciBusTest {

    private final PciBus bus = new PciBus();

    private static final Device FUNCTION = StubDevice.named("0000:88:00.0", "pci", Map.of("SUBSYSTEM", "pci"));

    /**
     * Issue 7: PCI had no bus shutdown, so an unbound function did nothing and a kexec did not clear bus mastering.
     * pci_device_shutdown() runs for every PCI device: the driver's shutdown if there is one, then on kexec only,
     * pci_clear_master().
     */
    @Test
    void theBusHookRunsTheDriverThenClearsBusMasteringOnKexecOnly() {
        assertThat(bus.hasShutdown()).isTrue();
        RecordingContext poweroff = new RecordingContext(ShutdownMode.POWEROFF);
        StubDriver nvme = new StubDriver("nvme", "pci", Duration.ofMillis(4500));
        bus.shutdown(FUNCTION, nvme, poweroff).toCompletableFuture().join();
        assertThat(nvme.shutdowns).containsExactly("0000:88:00.0");
        assertThat(poweroff.sleeps).containsExactly(Duration.ofMillis(4500));
        assertThat(poweroff.notes).isEmpty();

        RecordingContext kexec = new RecordingContext(ShutdownMode.KEXEC);
        bus.shutdown(FUNCTION, nvme, kexec).toCompletableFuture().join();
        assertThat(kexec.notes).singleElement().asString().startsWith("pci_clear_master()");
    }

    @Test
    void anUnboundFunctionOrADriverWithoutShutdownStillGoesThroughTheHook() {
        RecordingContext kexec = new RecordingContext(ShutdownMode.KEXEC);
        assertThat(bus.shutdown(FUNCTION, null, kexec).toCompletableFuture()).isCompleted();
        StubDriver withoutShutdown = new StubDriver("pci-stub", "pci", null);
        assertThat(bus.shutdown(FUNCTION, withoutShutdown, kexec).toCompletableFuture()).isCompleted();
        assertThat(withoutShutdown.shutdowns).isEmpty();
        assertThat(kexec.notes).hasSize(2);
        assertThat(kexec.sleeps).isEmpty();
    }

    /** The guard MidShutdownIT relies on: a hook called after SCR deactivated the bus fails, and calls no driver. */
    @Test
    void aHookCalledAfterDeactivationFailsAndCallsNoDriver() {
        StubDriver nvme = new StubDriver("nvme", "pci", Duration.ofMillis(4500));
        PciBus stopped = new PciBus();
        stopped.deactivate();
        assertThat(stopped.shutdown(FUNCTION, nvme, new RecordingContext(ShutdownMode.POWEROFF)).toCompletableFuture())
                .isCompletedExceptionally();
        assertThat(nvme.shutdowns).isEmpty();
    }

    /** v18 (dev_set_async_shutdown() in pci_device_add() and pci_register_host_bridge()): functions and host bridges. */
    @Test
    void flagsEveryFunctionAndHostBridgeWhateverTheDriver() {
        assertThat(bus.flagsAsyncShutdown(FUNCTION)).isTrue();
        assertThat(bus.flagsAsyncShutdown(StubDevice.named("pci0000:00", null, Map.of()))).isTrue();
        assertThat(bus.flagsAsyncShutdown(StubDevice.named("pci0000:d7", null, Map.of()))).isTrue();
        assertThat(bus.flagsAsyncShutdown(StubDevice.named("nvme0", null, Map.of("SUBSYSTEM", "nvme")))).isFalse();
        assertThat(bus.flagsAsyncShutdown(StubDevice.named("0000:00:14.0:pcie001", "pci_express", Map.of()))).isFalse();
        assertThat(bus.hasAsyncShutdownHooks()).as("the seed's async_shutdown_start/end").isTrue();
    }
}
