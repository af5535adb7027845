package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceState;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.LinkState;
import org.junit.jupiter.api.Test;

/** A managed link's state follows the drivers of its two ends; its lifetime follows its AUTOREMOVE flags. */
class LinkLifecycleTest extends CoreFixture {

    private LinkState stateOf(String supplier, String consumer) {
        return core.links().stream().filter(l -> l.supplierPath().equals(supplier) && l.consumerPath().equals(consumer))
                .map(DeviceLink::state).findFirst().orElse(null);
    }

    @Test
    void aManagedLinkGoesDormantAvailableActive() {
        bus("platform");
        RecordingDriver clk = driver("clk", "platform", "clk");
        register(driver("uart", "platform", "uart"));
        add(on("platform", "/clk"));
        add(on("platform", "/uart"));
        core.link(DeviceLink.of("/clk", "/uart"));
        assertThat(stateOf("/clk", "/uart")).isEqualTo(LinkState.DORMANT);

        register(clk);

        assertThat(stateOf("/clk", "/uart")).isEqualTo(LinkState.AVAILABLE);
        assertThat(state("/uart")).as("no AUTOPROBE_CONSUMER: nothing probes it").isEqualTo(DeviceState.BOUND);
    }

    @Test
    void aStatelessLinkHasNoState() {
        add(classDevice("/a"));
        add(classDevice("/b"));

        assertThat(core.link(DeviceLink.of("/a", "/b", LinkFlag.STATELESS)).state()).isEqualTo(LinkState.NONE);
    }

    @Test
    void aSyncStateOnlyLinkIsDroppedWhenItsConsumerBinds() {
        bus("platform");
        register(driver("uart", "platform", "uart"));
        add(classDevice("/clk"));
        add(spec("/uart").bus("platform").driver("missing").build());
        core.link(DeviceLink.of("/clk", "/uart", LinkFlag.SYNC_STATE_ONLY));
        assertThat(core.links()).hasSize(1);

        register(driver("missing", "platform", "uart"));

        assertThat(state("/uart")).isEqualTo(DeviceState.BOUND);
        assertThat(core.links()).isEmpty();
    }

    @Test
    void anAutoremoveConsumerLinkGoesWhenTheConsumerUnbinds() {
        bus("platform");
        register(driver("clk", "platform", "clk"));
        RecordingDriver uart = register(driver("uart", "platform", "uart"));
        add(on("platform", "/clk"));
        add(on("platform", "/uart"));
        core.link(DeviceLink.of("/clk", "/uart", LinkFlag.AUTOREMOVE_CONSUMER));
        assertThat(stateOf("/clk", "/uart")).as("both bound when linked").isEqualTo(LinkState.ACTIVE);

        core.unbindDriver(uart);

        assertThat(core.links()).isEmpty();
    }

    @Test
    void anAutoremoveSupplierLinkGoesWhenTheSupplierUnbindsAndItsConsumerIsUnboundFirst() {
        bus("platform");
        RecordingDriver clk = register(driver("clk", "platform", "clk"));
        register(driver("uart", "platform", "uart"));
        add(on("platform", "/clk"));
        add(on("platform", "/uart"));
        core.link(DeviceLink.of("/clk", "/uart", LinkFlag.AUTOREMOVE_SUPPLIER));
        add(on("platform", "/kick")); // any bind retries the consumer's deferred probe
        clearRecords();

        core.unbindDriver(clk);

        assertThat(core.links()).isEmpty();
        assertThat(journal()).startsWith("remove /uart by uart");
    }

    @Test
    void aConsumerProbedBeforeItsSupplierIsBoundDefersAndTheLinkActivatesWhenBoth() {
        bus("platform");
        register(driver("uart", "platform", "uart"));
        add(on("platform", "/clk"));
        add(on("platform", "/uart"));
        core.link(DeviceLink.of("/clk", "/uart"));
        core.remove("/uart");
        add(on("platform", "/uart"));
        core.link(DeviceLink.of("/clk", "/uart"));
        core.unbindDriver(core.drivers().get(0));
        register(driver("uart", "platform", "uart"));
        assertThat(state("/uart")).isEqualTo(DeviceState.DEFERRED);
        assertThat(device("/uart").stateReason().orElseThrow()).contains("supplier /clk not ready");

        register(driver("clk", "platform", "clk"));

        assertThat(state("/uart")).isEqualTo(DeviceState.BOUND);
        assertThat(stateOf("/clk", "/uart")).isEqualTo(LinkState.ACTIVE);
    }
}
