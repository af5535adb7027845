package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.DeviceState;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.ProbeResult;
import org.junit.jupiter.api.Test;

/**
 * addAll probes each device as it is appended, so probes run while the rest of the batch is still to come:
 * what they create or link must neither collide with the rest of the batch nor break its bookkeeping.
 */
class BatchProbeInteractionTest extends CoreFixture {

    @Test
    void aProbeThatMakesALinkThroughTheRegistryDuringABatchDoesNotBreakTheBatch() {
        bus("platform");
        add(classDevice("/clk"));
        register(driver("d", "platform", "consumer", "late-consumer", "late-supplier")
                .always("/consumer", (dev, ctx) -> {
                    // As a Linux driver calls device_link_add() in its probe.
                    core.link(DeviceLink.of("/clk", dev.path(), LinkFlag.STATELESS));
                    return ProbeResult.bound();
                }));

        core.addAll(List.of(on("platform", "/consumer"), on("platform", "/late-consumer"), on("platform", "/late-supplier")),
                List.of(DeviceLink.of("/late-supplier", "/late-consumer")), false);

        assertThat(journal()).containsExactly("probe /consumer by d", "probe /late-supplier by d",
                "probe /late-consumer by d");
        assertThat(linkRequests()).containsExactly(DeviceLink.of("/clk", "/consumer", LinkFlag.STATELESS),
                DeviceLink.of("/late-supplier", "/late-consumer"));
        assertThat(core.devices()).extracting(Device::state).containsOnly(DeviceState.UNBOUND, DeviceState.BOUND);
        assertThat(paths()).containsExactly("/clk", "/consumer", "/late-supplier", "/late-consumer");
    }

    @Test
    void aProbeEarlierInABatchCannotTakeThePathOfADeviceLaterInTheBatch() {
        bus("pci");
        register(driver("nvme", "pci", "nvme0"));
        // The machine lists the namespace, and the driver also creates it when it probes the controller.
        DeviceSpec ctrl = spec("/nvme0").bus("pci").probeChildren(List.of(classDevice("/nvme0/nvme0n1"))).build();

        core.addAll(List.of(ctrl, classDevice("/nvme0/nvme0n1")), List.of(), false);

        assertThat(paths()).containsExactly("/nvme0", "/nvme0/nvme0n1");
        Device ns = device("/nvme0/nvme0n1");
        assertThat(ns.parent().map(Device::path)).contains("/nvme0");
        assertThat(device("/nvme0").children()).containsExactly(ns);
        assertThat(state("/nvme0")).isEqualTo(DeviceState.PROBE_FAILED);
        assertThat(device("/nvme0").stateReason().orElseThrow()).contains("/nvme0/nvme0n1");
    }

    @Test
    void aProbeEarlierInABatchCannotTakeTheBusNameOfADeviceLaterInTheBatch() {
        bus("pci");
        register(driver("nvme", "pci", "nvme0"));
        DeviceSpec ctrl = spec("/nvme0").bus("pci").probeChildren(List.of(on("pci", "/nvme0/ns1"))).build();

        core.addAll(List.of(ctrl, on("pci", "/elsewhere/ns1")), List.of(), false);

        assertThat(paths()).containsExactly("/nvme0", "/elsewhere/ns1");
        assertThat(core.devices().stream().filter(d -> d.name().equals("ns1"))).hasSize(1);
        assertThat(state("/nvme0")).isEqualTo(DeviceState.PROBE_FAILED);
    }

    @Test
    void aDeviceAddedThroughTheRegistryByAProbeCannotTakeAPathOfTheRunningBatch() {
        bus("pci");
        register(driver("d", "pci", "a").always("/a", (dev, ctx) -> {
            core.add(classDevice("/b"));
            return ProbeResult.bound();
        }));

        core.addAll(List.of(on("pci", "/a"), classDevice("/b")), List.of(), false);

        assertThat(paths()).containsExactly("/a", "/b");
        assertThat(state("/a")).isEqualTo(DeviceState.PROBE_FAILED);
        assertThat(device("/b").parent()).isEmpty();
    }


    @Test
    void aLinkMadeByAProbeCannotCloseACycleWithLinksItsBatchHasNotMadeYet() {
        bus("pci");
        add(classDevice("/b"));
        add(classDevice("/c"));
        register(driver("d", "pci", "a").always("/a", (dev, ctx) -> {
            core.link(DeviceLink.of("/c", "/b"));
            return ProbeResult.bound();
        }));

        // When /a is probed, /z is not added yet, so /b -> /z -> /c is not made yet either.
        core.addAll(List.of(on("pci", "/a"), classDevice("/z")),
                List.of(DeviceLink.of("/b", "/z"), DeviceLink.of("/z", "/c")), false);

        assertThat(state("/a")).isEqualTo(DeviceState.PROBE_FAILED);
        assertThat(device("/a").stateReason().orElseThrow())
                .contains("/b -> /z (consumer) -> /c (consumer) -> /b (new link)");
        assertThat(linkRequests()).containsExactly(DeviceLink.of("/b", "/z"), DeviceLink.of("/z", "/c"));
        assertThat(paths()).containsExactly("/b", "/a", "/z", "/c");
    }

    @Test
    void aProbeCannotReplaceEveryDeviceWhileItsBatchIsBeingAdded() {
        bus("pci");
        register(driver("d", "pci", "a").always("/a", (dev, ctx) -> {
            core.addAll(List.of(), List.of(), true);
            return ProbeResult.bound();
        }));

        core.addAll(List.of(classDevice("/first"), on("pci", "/a"), classDevice("/last")), List.of(), false);

        assertThat(paths()).containsExactly("/first", "/a", "/last");
        assertThat(state("/a")).isEqualTo(DeviceState.PROBE_FAILED);
    }
}
