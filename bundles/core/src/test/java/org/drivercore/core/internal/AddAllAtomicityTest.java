package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.stream.Stream;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.DeviceState;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.RegistryException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** addAll is all or nothing. */
class AddAllAtomicityTest extends CoreFixture {

    private Snapshot before;

    /** A registry with bound, deferred, failed, waiting and unbound devices and links of every kind. */
    @BeforeEach
    void populate() {
        bus("pci");
        register(driver("d", "pci", "bound", "deferred", "failed", "new1", "new2")
                .always("/deferred", RecordingDriver.bindAsync())
                .deferNext("/deferred", 1, "later")
                .always("/failed", RecordingDriver.fail("broken"))
                .always("/bound", RecordingDriver.bindAsync()));
        add(on("pci", "/bound"));
        add(on("pci", "/deferred"));
        add(on("pci", "/failed"));
        add(on("usb", "/waiting"));
        add(classDevice("/bound/class"));
        core.link(DeviceLink.of("/bound", "/waiting"));
        core.link(DeviceLink.of("/waiting", "/bound/class", LinkFlag.SYNC_STATE_ONLY));
        assertThat(state("/deferred")).isEqualTo(DeviceState.DEFERRED);
        assertThat(state("/failed")).isEqualTo(DeviceState.PROBE_FAILED);
        assertThat(device("/bound").isAsyncShutdownEnabled()).isTrue();
        before = snapshot();
        clearRecords();
    }

    static Stream<Arguments> badBatches() {
        DeviceSpec good1 = on("pci", "/new1");
        DeviceSpec good2 = on("pci", "/new1/new2");
        return Stream.of(
                Arguments.of("unknown explicit parent",
                        List.of(good1, good2, spec("/x").parent("/nope").build()), List.of(), "/x"),
                Arguments.of("parent given after its child",
                        List.of(spec("/new1/new2").bus("pci").parent("/new1").build(), good1), List.of(), "/new1/new2"),
                Arguments.of("duplicate of a registered path", List.of(good1, on("pci", "/bound")), List.of(), "/bound"),
                Arguments.of("duplicate inside the batch", List.of(good1, good2, classDevice("/new1")), List.of(), "/new1"),
                Arguments.of("name taken on the bus", List.of(good1, on("pci", "/elsewhere/bound")), List.of(),
                        "/elsewhere/bound"),
                Arguments.of("name taken inside the batch", List.of(good1, on("pci", "/other/new1")), List.of(),
                        "/other/new1"),
                Arguments.of("invalid path", List.of(good1, classDevice("/a//b")), List.of(), "/a//b"),
                Arguments.of("link to an unknown supplier", List.of(good1, good2),
                        List.of(DeviceLink.of("/new1", "/new1/new2"), DeviceLink.of("/nope", "/new1")), "/new1"),
                Arguments.of("link to an unknown consumer", List.of(good1),
                        List.of(DeviceLink.of("/new1", "/nope")), "/nope"),
                Arguments.of("self link", List.of(good1), List.of(DeviceLink.of("/new1", "/new1")), "/new1"),
                // A link asked for twice is not refused (device_link_add() returns the existing one); flags that do not
                // go together are.
                Arguments.of("link with flags Linux refuses together", List.of(good1),
                        List.of(DeviceLink.of("/bound", "/new1", LinkFlag.STATELESS, LinkFlag.AUTOREMOVE_SUPPLIER)),
                        "/new1"),
                // device_link_add() refuses a sync-state-only link to a consumer bound already: refused with the batch.
                Arguments.of("sync-state-only link to a bound consumer", List.of(good1),
                        List.of(DeviceLink.of("/new1", "/bound", LinkFlag.SYNC_STATE_ONLY)), "/bound"),
                Arguments.of("cycle with registered devices", List.of(good1, good2),
                        List.of(DeviceLink.of("/new1/new2", "/bound"), DeviceLink.of("/bound", "/new1")), "/new1"),
                Arguments.of("cycle inside the batch", List.of(good1, good2, on("pci", "/z")),
                        List.of(DeviceLink.of("/new1/new2", "/z"), DeviceLink.of("/z", "/new1")), "/new1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBatches")
    void aBatchWithABadDeviceOrLinkChangesNothing(String why, List<DeviceSpec> devices, List<DeviceLink> links,
            String faultyPath) {
        RegistryException e = catchThrowableOfType(RegistryException.class, () -> core.addAll(devices, links, false));

        assertThat(e).as(why).isNotNull();
        assertThat(e.path()).as(why).contains(faultyPath);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(log.all()).isEmpty();
        assertThat(journal()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBatches")
    void aBatchThatReplacesEverythingAndHasAnErrorRemovesNothing(String why, List<DeviceSpec> devices,
            List<DeviceLink> links, String faultyPath) {
        // Against an empty registry, some of these batches are fine; the others must leave everything as it was.
        try {
            core.addAll(devices, links, true);
        } catch (RegistryException e) {
            assertThat(snapshot()).as(why).isEqualTo(before);
            assertThat(log.all()).isEmpty();
            assertThat(journal()).isEmpty();
            return;
        }
        assertThat(paths()).as(why).doesNotContain("/failed", "/deferred");
    }

    @Test
    void aReplacingBatchWithAnUnknownParentRemovesNothing() {
        RegistryException e = catchThrowableOfType(RegistryException.class, () -> core.addAll(
                List.of(on("pci", "/new1"), spec("/child").parent("/bound").build()), List.of(), true));

        assertThat(e).hasMessageContaining("/child").hasMessageContaining("/bound");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(journal()).isEmpty();
    }

    @Test
    void aReplacingBatchRemovesEveryDeviceFirstThenAddsItsOwn() {
        List<Device> added = core.addAll(List.of(on("pci", "/bound"), on("pci", "/new1")),
                List.of(DeviceLink.of("/new1", "/bound")), true);

        assertThat(log.paths(DeviceEvent.Type.REMOVED)).containsExactlyInAnyOrder(
                "/bound", "/bound/class", "/deferred", "/failed", "/waiting");
        assertThat(journal()).startsWith("remove /bound by d").contains("probe /new1 by d", "probe /bound by d");
        assertThat(added).extracting(Device::path).containsExactly("/bound", "/new1");
        assertThat(paths()).containsExactly("/new1", "/bound");
        assertThat(linkRequests()).containsExactly(DeviceLink.of("/new1", "/bound"));
        assertThat(List.of(state("/bound"), state("/new1"))).containsOnly(DeviceState.BOUND);
    }

    @Test
    void aReplacingBatchRemovesTheRootsInReverseListOrderEachWithItsChildrenFirst() {
        core.addAll(List.of(), List.of(), true);

        // List before: /bound, /deferred, /failed, /bound/class, /waiting (moved to the tail by its link).
        assertThat(log.paths(DeviceEvent.Type.REMOVED)).containsExactly(
                "/waiting", "/failed", "/deferred", "/bound/class", "/bound");
        assertThat(paths()).isEmpty();
        assertThat(core.links()).isEmpty();
    }

    @Test
    void aGoodBatchAppendsInTheGivenOrderMakesTheLinksAndProbes() {
        List<Device> added = core.addAll(List.of(on("pci", "/new1"), on("pci", "/new1/new2"), classDevice("/c")),
                List.of(DeviceLink.of("/c", "/new1", LinkFlag.STATELESS)), false);

        assertThat(added).extracting(Device::path).containsExactly("/new1", "/new1/new2", "/c");
        assertThat(device("/new1/new2").parent().map(Device::path)).contains("/new1");
        assertThat(List.of(state("/new1"), state("/new1/new2"))).containsOnly(DeviceState.BOUND);
        assertThat(linkRequests()).endsWith(DeviceLink.of("/c", "/new1", LinkFlag.STATELESS));
        // /new1's bind triggers the deferred-probe work, which retries /deferred once the batch is in, moving it
        // to the tail first.
        assertThat(paths()).endsWith("/c", "/new1", "/new1/new2", "/deferred");
        assertThat(state("/deferred")).isEqualTo(DeviceState.BOUND);
    }
}
