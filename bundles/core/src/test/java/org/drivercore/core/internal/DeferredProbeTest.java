package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceState;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.ProbeResult;
import org.junit.jupiter.api.Test;

/** Deferred probe: retried after any successful probe; managed links hold a consumer's probe. */
class DeferredProbeTest extends CoreFixture {

    @Test
    void aDeferredDeviceIsRetriedAfterAnyOtherSuccessfulProbe() {
        bus("platform");
        register(driver("codec", "platform", "codec").deferNext("/codec", 1, "clock not ready"));
        register(driver("other", "platform", "other"));

        add(on("platform", "/codec"));
        assertThat(state("/codec")).isEqualTo(DeviceState.DEFERRED);
        assertThat(device("/codec").stateReason()).contains("clock not ready");
        assertThat(log.of(DeviceEvent.Type.DEFERRED)).containsExactly("DEFERRED /codec");

        add(on("platform", "/other"));

        assertThat(journal()).containsExactly("probe /codec by codec", "probe /other by other",
                "probe /codec by codec");
        assertThat(state("/codec")).isEqualTo(DeviceState.BOUND);
        assertThat(device("/codec").stateReason()).isEmpty();
    }

    /**
     * A driver that leaves does not retry what it deferred: the device stays on the deferred list, as in Linux, until
     * the next trigger retries it and finds no driver.
     */
    @Test
    void aDeferredDeviceWhoseDriverLeavesStaysDeferredUntilTheNextTrigger() {
        bus("platform");
        RecordingDriver codec = register(driver("codec", "platform", "codec").byDefault(RecordingDriver.defer("clock not ready")));
        register(driver("kick", "platform", "kick"));
        add(spec("/codec").bus("platform").driver("codec").build());
        assertThat(state("/codec")).isEqualTo(DeviceState.DEFERRED);
        assertThat(core.pendingList()).containsExactly("/codec");

        core.unbindDriver(codec);

        assertThat(state("/codec")).isEqualTo(DeviceState.DEFERRED);
        assertThat(core.pendingList()).containsExactly("/codec");

        add(on("platform", "/kick"));

        assertThat(state("/codec")).isEqualTo(DeviceState.UNBOUND);
        assertThat(device("/codec").stateReason()).hasValue("driver 'codec' is not registered on bus 'platform'");
        assertThat(core.pendingList()).isEmpty();

        register(driver("codec", "platform", "codec").byDefault(RecordingDriver.defer("clock not ready")));
        assertThat(state("/codec")).isEqualTo(DeviceState.DEFERRED);
        assertThat(device("/codec").stateReason()).contains("clock not ready");
        assertThat(core.pendingList()).containsExactly("/codec");
    }

    @Test
    void whenTheDriverThatDeferredLeavesAnotherMatchingDriverGetsTheDeviceAtTheNextTrigger() {
        bus("platform");
        RecordingDriver first = register(driver("first", "platform", "uart").byDefault(RecordingDriver.defer("later")));
        register(driver("second", "platform", "uart", "kick"));
        add(on("platform", "/uart"));
        // A deferral ends the match loop, as in __device_attach(): second was not tried.
        assertThat(journal()).containsExactly("probe /uart by first");
        assertThat(state("/uart")).isEqualTo(DeviceState.DEFERRED);

        core.unbindDriver(first);
        assertThat(journal()).containsExactly("probe /uart by first");

        add(on("platform", "/kick"));

        assertThat(journal()).containsExactly("probe /uart by first", "probe /kick by second", "probe /uart by second");
        assertThat(device("/uart").driver()).hasValue("second");
        assertThat(core.pendingList()).isEmpty();
    }

    /** A consumer unbound because its supplier unbound is not deferred: nothing probes it again by itself. */
    @Test
    void aConsumerUnboundWithItsSupplierIsNotOnTheDeferredList() {
        bus("platform");
        RecordingDriver supplier = register(driver("clk", "platform", "clk"));
        register(driver("uart", "platform", "uart"));
        add(on("platform", "/clk"));
        add(on("platform", "/uart"));
        core.link(DeviceLink.of("/clk", "/uart"));

        core.unbindDriver(supplier);

        assertThat(state("/uart")).isEqualTo(DeviceState.UNBOUND);
        assertThat(device("/uart").stateReason()).hasValue("supplier /clk was unbound");
        assertThat(core.pendingList()).isEmpty();
    }

    @Test
    void aStandbyTakesOverTheDevicesTheLeavingDriverDeferred() {
        bus("platform");
        RecordingDriver old = register(driver("codec", "platform", "codec").byDefault(RecordingDriver.defer("later")));
        RecordingDriver standby = register(new RecordingDriver("codec", "platform", "codec'", journal,
                new java.util.concurrent.CopyOnWriteArrayList<>(List.of("codec"))));
        add(on("platform", "/codec"));
        assertThat(state("/codec")).isEqualTo(DeviceState.DEFERRED);

        core.unbindDriver(old);

        assertThat(journal()).containsExactly("probe /codec by codec", "probe /codec by codec'");
        assertThat(state("/codec")).isEqualTo(DeviceState.BOUND);
        assertThat(core.drivers()).containsExactly(standby);
        assertThat(core.pendingList()).isEmpty();
    }

    @Test
    void aDeferredDeviceIsNotRetriedWithoutASuccessfulProbe() {
        bus("platform");
        register(driver("codec", "platform", "codec").deferNext("/codec", 1, "clock not ready"));
        register(driver("broken", "platform", "broken").byDefault(RecordingDriver.fail("no")));

        add(on("platform", "/codec"));
        add(on("platform", "/broken"));
        add(classDevice("/class"));

        assertThat(journal()).containsExactly("probe /codec by codec", "probe /broken by broken");
        assertThat(state("/codec")).isEqualTo(DeviceState.DEFERRED);
    }

    @Test
    void deferredDevicesAreRetriedInTheOrderTheyDeferredNotInListOrder() {
        bus("platform");
        register(driver("d", "platform", "a", "b", "c", "kick")
                .deferNext("/a", 1, "later").deferNext("/b", 1, "later").deferNext("/c", 1, "later"));
        add(on("platform", "/b"));
        add(on("platform", "/a"));
        add(on("platform", "/c"));
        add(classDevice("/s"));
        core.link(DeviceLink.of("/s", "/b", LinkFlag.STATELESS)); // /b moves behind /a and /c
        assertThat(paths()).containsExactly("/a", "/c", "/s", "/b");
        journal.clear();

        add(on("platform", "/kick"));

        assertThat(journal()).containsExactly("probe /kick by d", "probe /b by d", "probe /a by d", "probe /c by d");
        assertThat(List.of(state("/a"), state("/b"), state("/c"))).containsOnly(DeviceState.BOUND);
    }

    @Test
    void aRetriedDeviceIsReorderedToTheTailWithItsChildrenAndConsumersBeforeTheRetry() {
        bus("platform");
        register(driver("d", "platform", "a", "kick").deferNext("/a", 1, "later"));
        add(on("platform", "/a"));
        add(classDevice("/a/k"));
        add(classDevice("/c"));
        core.link(DeviceLink.of("/a", "/c", LinkFlag.STATELESS));
        add(classDevice("/u"));
        assertThat(paths()).containsExactly("/a", "/a/k", "/c", "/u");
        log.clear();

        add(on("platform", "/kick"));

        assertThat(log.of(DeviceEvent.Type.MOVED_TO_TAIL, DeviceEvent.Type.PROBING, DeviceEvent.Type.BOUND))
                .containsExactly(
                        "PROBING /kick", "BOUND /kick",
                        // deferred_probe_work_func(): device_pm_move_to_tail(), then bus_probe_device(); the probe
                        // itself moves nothing
                        "MOVED_TO_TAIL /a", "MOVED_TO_TAIL /a/k", "MOVED_TO_TAIL /c",
                        "PROBING /a", "BOUND /a");
        assertThat(paths()).containsExactly("/u", "/kick", "/a", "/a/k", "/c");
    }

    @Test
    void aDeviceThatDefersAgainKeepsWaitingAndIsRetriedAtTheNextSuccess() {
        bus("platform");
        register(driver("d", "platform", "a", "k1", "k2").deferNext("/a", 2, "later"));
        add(on("platform", "/a"));
        add(on("platform", "/k1"));
        assertThat(state("/a")).isEqualTo(DeviceState.DEFERRED);

        add(on("platform", "/k2"));

        assertThat(journal()).containsExactly("probe /a by d", "probe /k1 by d", "probe /a by d",
                "probe /k2 by d", "probe /a by d");
        assertThat(state("/a")).isEqualTo(DeviceState.BOUND);
    }

    @Test
    void aSuccessfulRetryTriggersAnotherRoundOfRetries() {
        bus("platform");
        // /b defers until /a is bound; /a defers once. One success must bind both.
        RecordingDriver d = register(driver("d", "platform", "a", "b", "kick"));
        d.deferNext("/a", 1, "later");
        d.always("/b", (dev, ctx) -> core.device("/a").map(a -> a.state() == DeviceState.BOUND).orElse(false)
                ? ProbeResult.bound()
                : ProbeResult.deferred("needs /a"));
        add(on("platform", "/b"));
        add(on("platform", "/a"));
        journal.clear();

        add(on("platform", "/kick"));

        assertThat(journal()).containsExactly("probe /kick by d", "probe /b by d", "probe /a by d", "probe /b by d");
        assertThat(List.of(state("/a"), state("/b"))).containsOnly(DeviceState.BOUND);
    }

    @Test
    void aManagedLinksConsumerDefersWithoutBeingProbedUntilItsSupplierIsBound() {
        bus("platform");
        add(on("platform", "/pmic"));
        add(on("platform", "/mmc"));
        core.link(DeviceLink.of("/pmic", "/mmc"));
        register(driver("mmc", "platform", "mmc"));

        assertThat(state("/mmc")).isEqualTo(DeviceState.DEFERRED);
        assertThat(device("/mmc").stateReason().orElseThrow()).contains("/pmic");
        assertThat(journal()).isEmpty();

        register(driver("pmic", "platform", "pmic"));

        assertThat(journal()).containsExactly("probe /pmic by pmic", "probe /mmc by mmc");
        assertThat(state("/mmc")).isEqualTo(DeviceState.BOUND);
        assertThat(paths()).containsExactly("/pmic", "/mmc");
    }

    @Test
    void aStatelessOrSyncStateOnlyLinkDoesNotHoldTheConsumersProbe() {
        bus("platform");
        add(on("platform", "/s"));
        add(on("platform", "/c1"));
        add(on("platform", "/c2"));
        core.link(DeviceLink.of("/s", "/c1", LinkFlag.STATELESS));
        core.link(DeviceLink.of("/s", "/c2", LinkFlag.SYNC_STATE_ONLY));

        register(driver("c", "platform", "c1", "c2"));

        assertThat(List.of(state("/c1"), state("/c2"))).containsOnly(DeviceState.BOUND);
        assertThat(state("/s")).isEqualTo(DeviceState.UNBOUND);
    }

    @Test
    void inABatchAConsumerWhoseSupplierComesLaterDefersAndBindsOnceTheSupplierIsAddedAndBound() {
        bus("platform");
        register(driver("d", "platform", "consumer", "supplier"));

        core.addAll(List.of(on("platform", "/consumer"), on("platform", "/supplier")),
                List.of(DeviceLink.of("/supplier", "/consumer")), false);

        assertThat(log.of(DeviceEvent.Type.ADDED, DeviceEvent.Type.DEFERRED, DeviceEvent.Type.BOUND,
                DeviceEvent.Type.LINKED)).containsExactly(
                "ADDED /consumer", "DEFERRED /consumer",
                "ADDED /supplier", "LINKED /consumer", "BOUND /supplier",
                "BOUND /consumer");
        assertThat(journal()).containsExactly("probe /supplier by d", "probe /consumer by d");
        assertThat(log.all().stream().filter(e -> e.type() == DeviceEvent.Type.DEFERRED).findFirst().orElseThrow()
                .detail()).contains("/supplier");
        assertThat(List.of(state("/consumer"), state("/supplier"))).containsOnly(DeviceState.BOUND);
        assertThat(paths()).containsExactly("/supplier", "/consumer");
    }

    @Test
    void inABatchAConsumerWhoseSupplierComesLaterAndNeverBindsStaysDeferred() {
        bus("platform");
        register(driver("d", "platform", "consumer"));

        core.addAll(List.of(on("platform", "/consumer"), on("platform", "/supplier")),
                List.of(DeviceLink.of("/supplier", "/consumer")), false);

        assertThat(journal()).isEmpty();
        assertThat(state("/consumer")).isEqualTo(DeviceState.DEFERRED);
        assertThat(device("/consumer").stateReason().orElseThrow()).contains("/supplier");
        assertThat(paths()).containsExactly("/supplier", "/consumer");
    }
}
