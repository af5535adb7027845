package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceState;
import org.drivercore.api.ProbeResult;
import org.junit.jupiter.api.Test;

/** Misbehaving drivers, buses and listeners do not break the registry. */
class FaultToleranceTest extends CoreFixture {

    @Test
    void aProbeThatThrowsIsProbeFailedWithTheReasonAndTheRestProceeds() {
        bus("pci");
        register(driver("bad", "pci", "a").always("/a", (d, c) -> {
            throw new IllegalStateException("register read returned all ones");
        }));
        register(driver("good", "pci", "b"));

        core.addAll(List.of(on("pci", "/a"), on("pci", "/b")), List.of(), false);

        assertThat(state("/a")).isEqualTo(DeviceState.PROBE_FAILED);
        assertThat(device("/a").stateReason().orElseThrow())
                .contains("'bad'").contains("register read returned all ones");
        assertThat(device("/a").driver()).isEmpty();
        assertThat(state("/b")).isEqualTo(DeviceState.BOUND);
    }

    @Test
    void aProbeThatThrowsLetsTheNextMatchingDriverTry() {
        bus("pci");
        register(driver("bad", "pci", "a").always("/a", (d, c) -> {
            throw new IllegalStateException("boom");
        }));
        register(driver("fallback", "pci", "a"));

        add(on("pci", "/a"));

        assertThat(journal()).containsExactly("probe /a by bad", "probe /a by fallback");
        assertThat(device("/a").driver()).contains("fallback");
    }

    /** A driver bundle being updated under a probe throws a {@link LinkageError}, not a RuntimeException. */
    @Test
    void aProbeThatThrowsAnErrorIsProbeFailedToo() {
        bus("pci");
        register(driver("stale", "pci", "a").always("/a", (d, c) -> {
            throw new NoClassDefFoundError("org/example/nvme/Queue");
        }));
        register(driver("good", "pci", "b"));

        core.addAll(List.of(on("pci", "/a"), on("pci", "/b")), List.of(), false);

        assertThat(state("/a")).isEqualTo(DeviceState.PROBE_FAILED);
        assertThat(device("/a").stateReason().orElseThrow()).contains("org/example/nvme/Queue");
        assertThat(state("/b")).isEqualTo(DeviceState.BOUND);
    }

    @Test
    void aProbeThatReturnsNothingIsProbeFailed() {
        bus("pci");
        register(driver("null", "pci", "a").always("/a", (d, c) -> null));

        add(on("pci", "/a"));

        assertThat(state("/a")).isEqualTo(DeviceState.PROBE_FAILED);
        assertThat(device("/a").stateReason().orElseThrow()).contains("no result");
    }

    @Test
    void aFailedOrDeferredProbeTakesWhatItCreatedWithIt() {
        bus("pci");
        register(driver("d", "pci", "a", "b")
                .always("/a", RecordingDriver.fail("late failure"))
                .always("/b", RecordingDriver.defer("late defer")));

        add(spec("/a").bus("pci").probeChildren(List.of(classDevice("/a/half-made"))).build());
        add(spec("/b").bus("pci").probeChildren(List.of(classDevice("/b/half-made"))).build());

        assertThat(paths()).containsExactly("/a", "/b");
        assertThat(log.paths(DeviceEvent.Type.REMOVED)).containsExactly("/a/half-made", "/b/half-made");
    }

    @Test
    void aProbeCannotAddChildrenAfterItReturned() {
        bus("pci");
        List<org.drivercore.api.ProbeContext> kept = new ArrayList<>();
        register(driver("d", "pci", "a").always("/a", (d, c) -> {
            kept.add(c);
            return ProbeResult.bound();
        }));
        add(on("pci", "/a"));

        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> kept.get(0).addChild(classDevice("/a/late")));

        assertThat(t).isInstanceOf(IllegalStateException.class).hasMessageContaining("/a");
        assertThat(paths()).containsExactly("/a");
    }

    @Test
    void aRemoveThatThrowsStillUnbindsTheDevice() {
        bus("pci");
        core.bindDriver(new org.drivercore.api.Driver() {
            @Override
            public String name() {
                return "bad";
            }

            @Override
            public String bus() {
                return "pci";
            }

            @Override
            public List<String> idTable() {
                return List.of("a");
            }

            @Override
            public ProbeResult probe(org.drivercore.api.Device device, org.drivercore.api.ProbeContext context) {
                return ProbeResult.bound();
            }

            @Override
            public void remove(org.drivercore.api.Device device) {
                throw new IllegalStateException("remove failed");
            }
        });
        add(on("pci", "/a"));

        core.remove("/a");

        assertThat(paths()).isEmpty();
        assertThat(log.of(DeviceEvent.Type.UNBOUND, DeviceEvent.Type.REMOVED))
                .containsExactly("UNBOUND /a", "REMOVED /a");
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheRegistry() {
        core.bindListener(e -> {
            throw new IllegalStateException("listener bug");
        });
        EventLog after = new EventLog();
        core.bindListener(after);
        bus("pci");

        register(driver("d", "pci", "a", "b"));
        add(on("pci", "/a"));
        add(on("pci", "/b"));
        core.link(DeviceLink.of("/a", "/b"));
        core.remove("/a");

        assertThat(paths()).containsExactly("/b");
        assertThat(journal()).containsExactly("probe /a by d", "probe /b by d", "remove /b by d", "remove /a by d");
        assertThat(after.all()).isEqualTo(log.all().subList(log.all().size() - after.all().size(), log.all().size()));
        assertThat(after.of(DeviceEvent.Type.REMOVED)).containsExactly("REMOVED /a");
    }

    @Test
    void aListenerThatThrowsAnErrorDoesNotBreakTheRegistry() {
        core.bindListener(e -> {
            if (e.type() == DeviceEvent.Type.PROBING) {
                throw new AssertionError("a test's listener failing");
            }
        });
        bus("pci");
        register(driver("d", "pci", "a", "b"));

        add(on("pci", "/a"));
        add(on("pci", "/b"));

        assertThat(List.of(state("/a"), state("/b"))).containsOnly(DeviceState.BOUND);
        assertThat(journal()).containsExactly("probe /a by d", "probe /b by d");
    }
}
