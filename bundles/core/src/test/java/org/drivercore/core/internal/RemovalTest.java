package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceState;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.RegistryException;
import org.junit.jupiter.api.Test;

/** Removing devices: children first, consumers that go with their supplier, links. */
class RemovalTest extends CoreFixture {

    @Test
    void removingADeviceRemovesItsChildrenFirstInReverseListOrderCallingEachDriversRemove() {
        bus("pci");
        register(driver("d", "pci", "p", "a", "b", "x"));
        add(on("pci", "/p"));
        add(on("pci", "/p/a"));
        add(on("pci", "/p/b"));
        add(on("pci", "/p/a/x"));
        add(on("pci", "/q"));
        journal.clear();

        core.remove("/p");

        // Siblings go in reverse list order, each after its own children.
        assertThat(log.paths(DeviceEvent.Type.REMOVED)).containsExactly("/p/b", "/p/a/x", "/p/a", "/p");
        assertThat(journal()).containsExactly("remove /p/b by d", "remove /p/a/x by d", "remove /p/a by d", "remove /p by d");
        assertThat(log.of(DeviceEvent.Type.UNBOUND, DeviceEvent.Type.REMOVED)).containsExactly(
                "UNBOUND /p/b", "REMOVED /p/b", "UNBOUND /p/a/x", "REMOVED /p/a/x",
                "UNBOUND /p/a", "REMOVED /p/a", "UNBOUND /p", "REMOVED /p");
        assertThat(paths()).containsExactly("/q");
    }

    @Test
    void siblingsAreRemovedInReverseListOrderNotInTheOrderTheyWereAdded() {
        add(classDevice("/p"));
        add(classDevice("/p/a"));
        add(classDevice("/p/b"));
        add(classDevice("/s"));
        core.link(DeviceLink.of("/s", "/p/a", LinkFlag.STATELESS)); // /p/a now behind /p/b

        core.remove("/p");

        assertThat(log.paths(DeviceEvent.Type.REMOVED)).containsExactly("/p/a", "/p/b", "/p");
    }

    @Test
    void aRemovedDeviceKeepsAHandleThatSaysRemoved() {
        Device d = add(classDevice("/a"));
        Device child = add(classDevice("/a/b"));

        core.remove("/a");

        assertThat(d.state()).isEqualTo(DeviceState.REMOVED);
        assertThat(child.state()).isEqualTo(DeviceState.REMOVED);
        assertThat(core.device("/a")).isEmpty();
        assertThat(d.children()).isEmpty();
    }

    /**
     * Linux has no link that removes its consumer with its supplier (drivercore had one): device_del() purges the
     * supplier's links (device_links_purge()) and leaves the consumers. A managed consumer is unbound first, as the
     * supplier's unbind unbinds its managed consumers.
     */
    @Test
    void removingASupplierPurgesItsLinksAndLeavesItsConsumers() {
        bus("pci");
        register(driver("d", "pci", "s", "c", "k"));
        add(on("pci", "/s"));
        add(on("pci", "/s/k"));
        add(on("pci", "/c"));
        add(classDevice("/other"));
        core.link(DeviceLink.of("/s", "/c"));
        core.link(DeviceLink.of("/s", "/other", LinkFlag.STATELESS));
        journal.clear();

        core.remove("/s");

        assertThat(log.paths(DeviceEvent.Type.REMOVED)).containsExactly("/s/k", "/s");
        assertThat(journal()).containsExactly("remove /s/k by d", "remove /c by d", "remove /s by d");
        assertThat(paths()).containsExactly("/c", "/other");
        assertThat(state("/c")).isEqualTo(DeviceState.UNBOUND);
        assertThat(core.links()).isEmpty();
    }

    @Test
    void theLinksOfARemovedDeviceDisappear() {
        add(classDevice("/a"));
        add(classDevice("/b"));
        add(classDevice("/c"));
        add(classDevice("/d"));
        core.link(DeviceLink.of("/a", "/b"));
        core.link(DeviceLink.of("/b", "/c", LinkFlag.SYNC_STATE_ONLY));
        core.link(DeviceLink.of("/a", "/d"));

        core.remove("/b");

        assertThat(core.links()).extracting(l -> l.supplierPath() + " -> " + l.consumerPath()).containsExactly("/a -> /d");
        assertThat(device("/a").consumerLinks()).extracting(DeviceLink::consumerPath).containsExactly("/d");
        assertThat(device("/c").supplierLinks()).isEmpty();
        // The pair is free again.
        add(classDevice("/b"));
        core.link(DeviceLink.of("/a", "/b"));
        assertThat(core.links()).hasSize(2);
    }

    @Test
    void theLinksOfRemovedChildrenDisappearToo() {
        add(classDevice("/p"));
        add(classDevice("/p/c"));
        add(classDevice("/s"));
        core.link(DeviceLink.of("/s", "/p/c"));

        core.remove("/p");

        assertThat(core.links()).isEmpty();
        assertThat(device("/s").consumerLinks()).isEmpty();
    }

    @Test
    void aManagedConsumerOfARemovedSupplierIsUnboundFirstAndStays() {
        bus("pci");
        register(driver("d", "pci", "s", "c"));
        add(on("pci", "/s"));
        add(on("pci", "/c"));
        core.link(DeviceLink.of("/s", "/c"));
        journal.clear();

        core.remove("/s");

        assertThat(journal()).containsExactly("remove /c by d", "remove /s by d");
        assertThat(paths()).containsExactly("/c");
        assertThat(device("/c").supplierLinks()).isEmpty();
    }

    @Test
    void removingAnUnknownDeviceIsRefused() {
        add(classDevice("/a"));

        assertThatThrownBy(() -> core.remove("/nope"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("/nope");
        assertThat(paths()).isEqualTo(List.of("/a"));
    }
}
