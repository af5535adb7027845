package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.RegistryException;
import org.junit.jupiter.api.Test;

/** Device links: {@code device_reorder_to_tail()} and the cycle check. */
class DeviceLinkTest extends CoreFixture {

    @Test
    void aNewLinkMovesTheConsumerThenItsDescendantsThenItsConsumersRecursivelyToTheTail() {
        add(classDevice("/c"));
        add(classDevice("/c/k1"));
        add(classDevice("/c/k1/g"));
        add(classDevice("/c/k2"));
        add(classDevice("/f"));
        add(classDevice("/d"));
        core.link(DeviceLink.of("/c/k2", "/f"));
        core.link(DeviceLink.of("/c", "/d"));
        add(classDevice("/s"));
        add(classDevice("/e"));
        assertThat(paths()).containsExactly("/c", "/c/k1", "/c/k1/g", "/c/k2", "/f", "/d", "/s", "/e");
        log.clear();

        core.link(DeviceLink.of("/s", "/c"));

        assertThat(log.paths(DeviceEvent.Type.MOVED_TO_TAIL))
                .containsExactly("/c", "/c/k1", "/c/k1/g", "/c/k2", "/f", "/d");
        assertThat(paths()).containsExactly("/s", "/e", "/c", "/c/k1", "/c/k1/g", "/c/k2", "/f", "/d");
        assertThat(log.of(DeviceEvent.Type.LINKED)).containsExactly("LINKED /c");
    }

    @Test
    void aConsumerReachedTwiceEndsBehindEverythingItDependsOn() {
        // /x is a consumer of both /c and its child /c/k: it must end behind both.
        add(classDevice("/c"));
        add(classDevice("/c/k"));
        add(classDevice("/x"));
        core.link(DeviceLink.of("/c", "/x"));
        core.link(DeviceLink.of("/c/k", "/x"));
        add(classDevice("/s"));
        log.clear();

        core.link(DeviceLink.of("/s", "/c"));

        assertThat(log.paths(DeviceEvent.Type.MOVED_TO_TAIL)).containsExactly("/c", "/c/k", "/x", "/x");
        assertThat(paths()).containsExactly("/s", "/c", "/c/k", "/x");
    }

    @Test
    void aSyncStateOnlyLinkDoesNotReorder() {
        add(classDevice("/consumer"));
        add(classDevice("/supplier"));
        log.clear();

        core.link(DeviceLink.of("/supplier", "/consumer", LinkFlag.SYNC_STATE_ONLY));

        assertThat(paths()).containsExactly("/consumer", "/supplier");
        assertThat(log.paths(DeviceEvent.Type.MOVED_TO_TAIL)).isEmpty();
        assertThat(core.links()).containsExactly(new DeviceLink("/supplier", "/consumer",
                java.util.EnumSet.of(LinkFlag.SYNC_STATE_ONLY, LinkFlag.MANAGED), org.drivercore.api.LinkState.DORMANT));
        assertThat(device("/consumer").supplierLinks()).hasSize(1);
        assertThat(device("/supplier").consumerLinks()).hasSize(1);
    }

    @Test
    void theReorderSkipsConsumersLinkedOnlyForSyncState() {
        add(classDevice("/c"));
        add(classDevice("/z"));
        add(classDevice("/y"));
        core.link(DeviceLink.of("/c", "/z", LinkFlag.SYNC_STATE_ONLY));
        core.link(DeviceLink.of("/c", "/y", LinkFlag.STATELESS));
        add(classDevice("/s"));
        log.clear();

        core.link(DeviceLink.of("/s", "/c"));

        assertThat(log.paths(DeviceEvent.Type.MOVED_TO_TAIL)).containsExactly("/c", "/y");
        assertThat(paths()).containsExactly("/z", "/s", "/c", "/y");
    }

    @Test
    void aLinkThatWouldCloseACycleThroughParentsAndLinksIsRefusedNamingTheCycle() {
        add(classDevice("/a"));
        add(classDevice("/a/b"));
        add(classDevice("/c"));
        core.link(DeviceLink.of("/a/b", "/c"));
        Snapshot before = snapshot();
        log.clear();

        RegistryException e = catchThrowableOfType(RegistryException.class,
                () -> core.link(DeviceLink.of("/c", "/a")));

        assertThat(e.path()).contains("/a");
        assertThat(e).hasMessageContaining("cycle")
                .hasMessageContaining("/a -> /a/b (child) -> /c (consumer) -> /a (new link)");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(log.all()).isEmpty();
    }

    @Test
    void aParentCannotBecomeAConsumerOfItsOwnDescendant() {
        add(classDevice("/p"));
        add(classDevice("/p/q"));
        add(classDevice("/p/q/r"));
        Snapshot before = snapshot();

        RegistryException e = catchThrowableOfType(RegistryException.class,
                () -> core.link(DeviceLink.of("/p/q/r", "/p")));

        assertThat(e).hasMessageContaining("/p -> /p/q (child) -> /p/q/r (child) -> /p (new link)");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aCycleOfLinksAloneIsRefused() {
        add(classDevice("/a"));
        add(classDevice("/b"));
        add(classDevice("/c"));
        core.link(DeviceLink.of("/a", "/b", LinkFlag.STATELESS));
        core.link(DeviceLink.of("/b", "/c"));
        Snapshot before = snapshot();

        RegistryException e = catchThrowableOfType(RegistryException.class,
                () -> core.link(DeviceLink.of("/c", "/a")));

        assertThat(e).hasMessageContaining("/a -> /b (consumer) -> /c (consumer) -> /a (new link)");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aSyncStateOnlyLinkMayCloseACycle() {
        add(classDevice("/a"));
        add(classDevice("/b"));
        core.link(DeviceLink.of("/a", "/b"));
        add(classDevice("/a/child"));
        log.clear();

        core.link(DeviceLink.of("/b", "/a", LinkFlag.SYNC_STATE_ONLY));
        core.link(DeviceLink.of("/a/child", "/a", LinkFlag.SYNC_STATE_ONLY));

        assertThat(core.links()).hasSize(3);
        assertThat(paths()).containsExactly("/a", "/b", "/a/child");
        assertThat(log.paths(DeviceEvent.Type.MOVED_TO_TAIL)).isEmpty();
    }

    @Test
    void aSyncStateOnlyLinkDoesNotCountWhenLaterLinksAreCheckedForCycles() {
        add(classDevice("/a"));
        add(classDevice("/b"));
        core.link(DeviceLink.of("/a", "/b", LinkFlag.SYNC_STATE_ONLY));

        core.link(DeviceLink.of("/b", "/a"));

        assertThat(core.links()).hasSize(2);
        assertThat(paths()).containsExactly("/b", "/a");
    }

    @Test
    void aSelfLinkAndLinksToUnknownDevicesAreRefused() {
        add(classDevice("/a"));
        add(classDevice("/b"));
        core.link(DeviceLink.of("/a", "/b"));
        Snapshot before = snapshot();

        assertThat(catchThrowableOfType(RegistryException.class, () -> core.link(DeviceLink.of("/a", "/a"))))
                .hasMessageContaining("itself");
        assertThat(catchThrowableOfType(RegistryException.class, () -> core.link(DeviceLink.of("/nope", "/b"))))
                .hasMessageContaining("'/nope'");
        assertThat(catchThrowableOfType(RegistryException.class, () -> core.link(DeviceLink.of("/a", "/nope"))))
                .hasMessageContaining("/nope");
        assertThat(snapshot()).isEqualTo(before);
    }

    /** device_link_add()'s refusals of flags that do not go together; the registry stays as it was. */
    @Test
    void flagsThatLinuxRefusesTogetherAreRefusedNamingWhy() {
        add(classDevice("/a"));
        add(classDevice("/b"));
        Snapshot before = snapshot();

        assertThat(catchThrowableOfType(RegistryException.class,
                () -> core.link(DeviceLink.of("/a", "/b", LinkFlag.STATELESS, LinkFlag.AUTOPROBE_CONSUMER))))
                .hasMessageContaining("STATELESS does not go with");
        assertThat(catchThrowableOfType(RegistryException.class,
                () -> core.link(DeviceLink.of("/a", "/b", LinkFlag.AUTOPROBE_CONSUMER, LinkFlag.AUTOREMOVE_CONSUMER))))
                .hasMessageContaining("AUTOPROBE_CONSUMER does not go with");
        assertThat(catchThrowableOfType(RegistryException.class,
                () -> core.link(DeviceLink.of("/a", "/b", LinkFlag.SYNC_STATE_ONLY, LinkFlag.PM_RUNTIME))))
                .hasMessageContaining("SYNC_STATE_ONLY goes only with INFERRED and CYCLE");
        assertThat(catchThrowableOfType(RegistryException.class, () -> core.link(DeviceLink.of("/a", "/b", LinkFlag.MANAGED))))
                .hasMessageContaining("MANAGED is the core's own flag");
        assertThat(snapshot()).isEqualTo(before);
    }

    /**
     * device_link_add() for a pair that has a link returns that link, its flags merged: a sync-state-only link asked
     * for as a managed one loses SYNC_STATE_ONLY and now reorders its consumer; a stateless request adds STATELESS.
     */
    @Test
    void aLinkAskedForAgainIsTheSameLinkWithItsFlagsMerged() {
        add(classDevice("/consumer"));
        add(classDevice("/supplier"));
        core.link(DeviceLink.of("/supplier", "/consumer", LinkFlag.SYNC_STATE_ONLY, LinkFlag.INFERRED));
        assertThat(paths()).containsExactly("/consumer", "/supplier");

        DeviceLink upgraded = core.link(DeviceLink.of("/supplier", "/consumer"));

        assertThat(upgraded.flags()).containsExactly(LinkFlag.MANAGED);
        assertThat(core.links()).hasSize(1);
        assertThat(paths()).containsExactly("/supplier", "/consumer");

        DeviceLink both = core.link(DeviceLink.of("/supplier", "/consumer", LinkFlag.STATELESS));
        assertThat(both.flags()).containsExactlyInAnyOrder(LinkFlag.MANAGED, LinkFlag.STATELESS);
        assertThat(core.links()).hasSize(1);
    }

    /** AUTOREMOVE_SUPPLIER asked with AUTOREMOVE_CONSUMER wins, as Linux prefers it. */
    @Test
    void autoremoveSupplierWinsOverAutoremoveConsumer() {
        add(classDevice("/s"));
        add(classDevice("/c"));

        DeviceLink l = core.link(DeviceLink.of("/s", "/c", LinkFlag.AUTOREMOVE_CONSUMER, LinkFlag.AUTOREMOVE_SUPPLIER));

        assertThat(l.flags()).containsExactlyInAnyOrder(LinkFlag.AUTOREMOVE_SUPPLIER, LinkFlag.MANAGED);
    }

    @Test
    void aSupplierProbedAfterTheLinkKeepsItsPlaceInFrontOfItsConsumers() {
        bus("platform");
        register(driver("user", "platform", "led", "mmc"));
        add(on("platform", "/led"));
        add(on("platform", "/mmc"));
        add(on("platform", "/pmic"));
        core.link(DeviceLink.of("/pmic", "/led", LinkFlag.STATELESS));
        core.link(DeviceLink.of("/pmic", "/mmc"));
        assertThat(paths()).containsExactly("/pmic", "/led", "/mmc");

        register(driver("pmic", "platform", "pmic"));

        assertThat(paths()).containsExactly("/pmic", "/led", "/mmc");
        assertThat(journal()).containsExactly("probe /led by user", "probe /mmc by user", "probe /pmic by pmic");
    }
}
