package org.drivercore.shutdown.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.drivercore.shutdown.engine.Trace.lines;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceClass;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.Driver;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.ProbeContext;
import org.drivercore.api.ProbeResult;
import org.drivercore.api.ShutdownContext;
import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.api.shutdown.AsyncSource;
import org.drivercore.api.shutdown.ShutdownCallback;
import org.drivercore.api.shutdown.ShutdownChain;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.core.internal.RegistryFixture;
import org.drivercore.shutdown.strategy.CookieChainStrategy;
import org.drivercore.shutdown.strategy.SerialStrategy;
import org.junit.jupiter.api.Test;

/**
 * The graph taken from a real registry: list order, parents, link suppliers, the async flag under the global
 * switch, and Linux's callback chain (class {@code shutdown_pre}, then the bus's shutdown, else the driver's).
 */
class GraphSnapshotTest {

    private final RegistryFixture fixture = new RegistryFixture();
    private final DeviceRegistry core = fixture.registry();
    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());

    private static final String TPM = "/devices/platform/MSFT0101:00";
    private static final String TPM0 = TPM + "/tpm/tpm0";
    private static final String TPMRM0 = TPM + "/tpmrm/tpmrm0";

    /** The TPM of the default machine: tpm_tis (no shutdown) on the platform device, the tpm class on tpm0. */
    private void tpmMachine(boolean withClass) {
        fixture.busType(bus("platform", false));
        fixture.driver(driver("tpm_tis", "platform", false, 0, false));
        if (withClass) {
            fixture.deviceClass(tpmClass("tpm", 20, null));
        }
        core.add(DeviceSpec.builder(TPM).bus("platform").driver("tpm_tis")
                .properties(Map.of("SUBSYSTEM", "platform")).build());
        core.add(DeviceSpec.builder(TPM0).properties(Map.of("SUBSYSTEM", "tpm")).build());
        core.add(DeviceSpec.builder(TPMRM0).properties(Map.of("SUBSYSTEM", "tpmrm")).build());
    }

    @Test
    void aClassDeviceWhoseClassHasShutdownPreHasWork() {
        tpmMachine(true);
        ShutdownGraph g = GraphSnapshot.take("tpm", core);

        assertThat(g.nodes()).extracting(ShutdownNode::path).containsExactly(TPM, TPM0, TPMRM0);
        assertThat(g.node(1).parent()).hasValue(0);
        // tpm_tis has no shutdown and tpmrm has no class service: ordering-only nodes.
        assertThat(g.nodes()).extracting(ShutdownNode::hasWork).containsExactly(false, true, false);

        RunResult r = ShutdownEngine.runVirtual(g, new SerialStrategy(), EngineOptions.of(1));
        assertThat(lines(r)).containsExactly("MSFT0101:00 20-20 main DONE", "tpm0 0-20 main DONE",
                "tpmrm0 0-0 main DONE");
        assertThat(journal).containsExactly("tpm shutdown_pre tpm0");
    }

    @Test
    void withoutTheClassServiceTheClassDeviceOnlyOrders() {
        tpmMachine(false);
        ShutdownGraph g = GraphSnapshot.take("tpm", core);
        assertThat(g.nodes()).extracting(ShutdownNode::hasWork).containsExactly(false, false, false);
    }

    @Test
    void aClassThatLeavesTakesItsShutdownPreWithIt() {
        tpmMachine(true);
        DeviceClass tpm = core.deviceClasses().get(0);
        fixture.removeDeviceClass(tpm);
        assertThat(core.deviceClasses()).isEmpty();
        assertThat(GraphSnapshot.take("tpm", core).node(1).hasWork()).isFalse();
    }

    @Test
    void aDeviceOnABusHasNoClassEvenIfItsSubsystemNamesOne() {
        fixture.busType(bus("platform", false));
        fixture.deviceClass(tpmClass("platform", 20, null));
        Device d = core.add(DeviceSpec.builder("/devices/platform/pcspkr").bus("platform")
                .properties(Map.of("SUBSYSTEM", "platform")).build());
        assertThat(d.deviceClass()).isEmpty();
        assertThat(GraphSnapshot.take("m", core).node(0).hasWork()).isFalse();
    }

    @Test
    void theBusHookReplacesTheDriversAndRunsForUnboundDevicesToo() {
        fixture.busType(bus("pci", true));
        fixture.driver(driver("nvme", "pci", true, 10, false));
        core.add(DeviceSpec.builder("/devices/pci0000:00/0000:00:01.0").bus("pci").driver("nvme").build());
        core.add(DeviceSpec.builder("/devices/pci0000:00/0000:00:02.0").bus("pci").build());
        ShutdownGraph g = GraphSnapshot.take("pci", core);
        assertThat(g.nodes()).extracting(ShutdownNode::hasWork).containsExactly(true, true);
        ShutdownEngine.runVirtual(g, new SerialStrategy(), EngineOptions.of(1));
        assertThat(journal).containsExactly("bus pci 0000:00:02.0 driver -", "bus pci 0000:00:01.0 driver nvme");
    }

    @Test
    void theDriversShutdownRunsWhenTheBusHasNone() {
        fixture.busType(bus("platform", false));
        fixture.driver(driver("i8042", "platform", true, 1, false));
        core.add(DeviceSpec.builder("/devices/platform/i8042").bus("platform").driver("i8042").build());
        ShutdownEngine.runVirtual(GraphSnapshot.take("p", core), new SerialStrategy(),
                EngineOptions.of(1));
        assertThat(journal).containsExactly("driver i8042 i8042");
    }

    @Test
    void shutdownPreRunsFirstThenTheDriverAndAFailedPreDoesNotSkipIt() {
        fixture.busType(bus("platform", false));
        Driver drv = driver("tpm_tis", "platform", true, 5, false);
        fixture.driver(drv);
        Device d = core.add(DeviceSpec.builder(TPM).bus("platform").driver("tpm_tis").build());
        // A device with both a class and a driver does not come out of the registry (class devices have no bus),
        // but device_shutdown() handles it, and so does the chain.
        ShutdownCallback ok = ShutdownChain.of(d, Optional.of(tpmClass("tpm", 20, null)), Optional.of(drv),
                Optional.of(bus("platform", false))).orElseThrow();
        ShutdownCallback failing = ShutdownChain.of(d, Optional.of(tpmClass("tpm", 20, "TPM not responding")),
                Optional.of(drv), Optional.of(bus("platform", false))).orElseThrow();
        ShutdownGraph g = new ShutdownGraph("chain", List.of(
                ShutdownNode.builder(0, "/ok").driver("tpm_tis").callback(ok),
                ShutdownNode.builder(1, "/failing").driver("tpm_tis").callback(failing)));

        RunResult r = ShutdownEngine.runVirtual(g, new SerialStrategy(), EngineOptions.of(1));

        assertThat(journal).containsExactly("tpm shutdown_pre MSFT0101:00", "driver tpm_tis MSFT0101:00",
                "tpm shutdown_pre MSFT0101:00", "driver tpm_tis MSFT0101:00");
        assertThat(lines(r)).containsExactly("ok 25-50 main DONE", "failing 0-25 main FAILED");
        assertThat(r.record(1).detail()).contains("TPM not responding");
    }

    @Test
    void whenBothShutdownPreAndTheDriverFailTheOutcomeNamesBoth() {
        fixture.busType(bus("platform", false));
        Driver broken = new Driver() {
            @Override
            public String name() {
                return "tpm_tis";
            }

            @Override
            public String bus() {
                return "platform";
            }

            @Override
            public ProbeResult probe(Device device, ProbeContext context) {
                return ProbeResult.bound();
            }

            @Override
            public CompletionStage<Void> shutdown(Device device, ShutdownContext context) {
                throw new IllegalStateException("locality not granted");
            }
        };
        fixture.driver(broken);
        Device d = core.add(DeviceSpec.builder(TPM).bus("platform").driver("tpm_tis").build());
        ShutdownCallback both = ShutdownChain.of(d, Optional.of(tpmClass("tpm", 20, "TPM not responding")),
                Optional.of(broken), Optional.of(bus("platform", false))).orElseThrow();
        ShutdownGraph g = new ShutdownGraph("both", List.of(ShutdownNode.builder(0, "/both").driver("tpm_tis").callback(both)));

        RunResult r = ShutdownEngine.runVirtual(g, new SerialStrategy(), EngineOptions.of(1));

        assertThat(lines(r)).containsExactly("both 0-20 main FAILED");
        assertThat(r.record(0).detail()).contains("locality not granted").contains("also").contains("TPM not responding");
    }

    @Test
    void linksAndTheAsyncSwitch() {
        fixture.busType(bus("platform", false));
        fixture.driver(driver("clk", "platform", true, 1, false));
        fixture.driver(driver("dma", "platform", true, 1, true));
        core.add(DeviceSpec.builder("/devices/platform/clk").bus("platform").driver("clk").build());
        core.add(DeviceSpec.builder("/devices/platform/dma").bus("platform").driver("dma").build());
        // Unbound: Linux refuses a sync-state-only link to a consumer that has its driver already.
        core.add(DeviceSpec.builder("/devices/platform/uart").bus("platform").build());
        core.link(new DeviceLink("/devices/platform/clk", "/devices/platform/dma", java.util.Set.of()));
        core.link(new DeviceLink("/devices/platform/clk", "/devices/platform/uart",
                java.util.Set.of(LinkFlag.SYNC_STATE_ONLY)));

        ShutdownGraph snapshot = GraphSnapshot.take("m", core);
        ShutdownNode uartLinks = snapshot.find("/devices/platform/uart").orElseThrow();
        assertThat(uartLinks.supplierLinks()).as("the snapshot keeps every link with its flags")
                .containsExactly(new ShutdownNode.Link(0, java.util.Set.of(LinkFlag.MANAGED, LinkFlag.SYNC_STATE_ONLY)));
        assertThat(snapshot.nodes()).as("no node is async until a view resolves the flags").noneMatch(ShutdownNode::async);

        ShutdownGraph serial = GraphSnapshot.view(snapshot, new SerialStrategy(), AsyncPolicy.OPT_IN);
        ShutdownNode dma = serial.find("/devices/platform/dma").orElseThrow();
        ShutdownNode uart = serial.find("/devices/platform/uart").orElseThrow();
        assertThat(serial.node(dma.suppliers().get(0)).path()).endsWith("clk");
        assertThat(uart.suppliers()).as("sync-state-only links order nothing for serial").isEmpty();
        assertThat(GraphSnapshot.view(snapshot, new CookieChainStrategy(), AsyncPolicy.OPT_IN)
                .find("/devices/platform/uart").orElseThrow().suppliers())
                .as("v8 as merged (8064952c6504) waits on every link").containsExactly(0);

        ShutdownGraph optIn = GraphSnapshot.ordering(snapshot, java.util.EnumSet.of(AsyncSource.SUBSYSTEM), AsyncPolicy.OPT_IN);
        assertThat(optIn.find("/devices/platform/dma").orElseThrow().asyncSource()).hasValue(AsyncSource.DRIVER);
        assertThat(optIn.find("/devices/platform/uart").orElseThrow().async()).isFalse();
        assertThat(GraphSnapshot.ordering(snapshot, java.util.EnumSet.of(AsyncSource.SUBSYSTEM), AsyncPolicy.AS_KERNEL)
                .nodes()).as("v18's generation does not honour a driver's flag").noneMatch(ShutdownNode::async);
        assertThat(GraphSnapshot.ordering(snapshot, java.util.EnumSet.of(AsyncSource.DRIVER), AsyncPolicy.AS_KERNEL)
                .find("/devices/platform/dma").orElseThrow().asyncSource()).hasValue(AsyncSource.DRIVER);
        assertThat(GraphSnapshot.ordering(snapshot, java.util.EnumSet.allOf(AsyncSource.class), AsyncPolicy.OFF).nodes())
                .noneMatch(ShutdownNode::async);
        // ALL makes every device with work async; the unbound uart has none and only orders.
        assertThat(GraphSnapshot.ordering(snapshot, java.util.EnumSet.noneOf(AsyncSource.class), AsyncPolicy.ALL).nodes())
                .allSatisfy(n -> assertThat(n.asyncSource().isPresent()).isEqualTo(n.hasWork()));
    }

    // ---------------------------------------------------------------- fakes

    private BusType bus(String name, boolean hasShutdown) {
        return new BusType() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean hasShutdown() {
                return hasShutdown;
            }

            @Override
            public CompletionStage<Void> shutdown(Device device, Driver driver, ShutdownContext context) {
                journal.add("bus " + name + " " + device.name() + " driver " + (driver == null ? "-" : driver.name()));
                return context.sleep(Duration.ofMillis(1));
            }
        };
    }

    private Driver driver(String name, String bus, boolean hasShutdown, long ms, boolean async) {
        return new Driver() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String bus() {
                return bus;
            }

            @Override
            public ProbeResult probe(Device device, ProbeContext context) {
                return ProbeResult.bound();
            }

            @Override
            public boolean hasShutdown() {
                return hasShutdown;
            }

            @Override
            public boolean asyncShutdown() {
                return async;
            }

            @Override
            public CompletionStage<Void> shutdown(Device device, ShutdownContext context) {
                journal.add("driver " + name + " " + device.name());
                return context.sleep(Duration.ofMillis(ms));
            }
        };
    }

    /** A class with a shutdown_pre of the given length that fails with {@code failure} unless it is null. */
    private DeviceClass tpmClass(String name, long ms, String failure) {
        return new DeviceClass() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean hasShutdownPre() {
                return true;
            }

            @Override
            public CompletionStage<Void> shutdownPre(Device device, ShutdownContext context) {
                journal.add(name + " shutdown_pre " + device.name());
                CompletionStage<Void> slept = context.sleep(Duration.ofMillis(ms));
                return failure == null ? slept : slept.thenCompose(v -> CompletableFuture.failedFuture(new IllegalStateException(failure)));
            }
        };
    }
}
