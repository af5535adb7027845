package org.drivercore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;

class LinkFlagTest {

    @Test
    void theFlagsAreLinuxsInBitOrder() {
        assertThat(LinkFlag.STATELESS.bit()).isEqualTo(0x001);
        assertThat(LinkFlag.AUTOPROBE_CONSUMER.bit()).isEqualTo(0x020);
        assertThat(LinkFlag.MANAGED.bit()).isEqualTo(0x040);
        assertThat(LinkFlag.SYNC_STATE_ONLY.bit()).isEqualTo(0x080);
        assertThat(LinkFlag.CYCLE.bit()).isEqualTo(0x200);
        assertThat(LinkFlag.AUTOREMOVE_SUPPLIER.linuxName()).isEqualTo("DL_FLAG_AUTOREMOVE_SUPPLIER");
    }

    @Test
    void linuxsSpellingsParse() {
        assertThat(LinkFlag.parse("DL_FLAG_STATELESS")).isEqualTo(LinkFlag.STATELESS);
        assertThat(LinkFlag.parse("autoprobe_consumer")).isEqualTo(LinkFlag.AUTOPROBE_CONSUMER);
        assertThat(LinkFlag.parse("sync-state-only")).isEqualTo(LinkFlag.SYNC_STATE_ONLY);
    }

    @Test
    void anInventedFlagIsRefusedWithLinuxsFlagsNamed() {
        assertThatThrownBy(() -> LinkFlag.parse("remove-consumer-with-supplier"))
                .hasMessageStartingWith("unknown link flag 'remove-consumer-with-supplier' (Linux's flags: STATELESS, "
                        + "AUTOREMOVE_CONSUMER");
    }

    @Test
    void syncStateOnlyIsThatFlagWithMarkersAtMost() {
        assertThat(LinkFlag.isSyncStateOnly(EnumSet.of(LinkFlag.SYNC_STATE_ONLY))).isTrue();
        assertThat(LinkFlag.isSyncStateOnly(EnumSet.of(LinkFlag.SYNC_STATE_ONLY, LinkFlag.MANAGED, LinkFlag.INFERRED)))
                .isTrue();
        assertThat(LinkFlag.isSyncStateOnly(EnumSet.of(LinkFlag.SYNC_STATE_ONLY, LinkFlag.STATELESS))).isFalse();
        assertThat(LinkFlag.isSyncStateOnly(EnumSet.of(LinkFlag.MANAGED))).isFalse();
    }
}
