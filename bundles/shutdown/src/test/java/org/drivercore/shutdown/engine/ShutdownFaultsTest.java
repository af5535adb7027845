package org.drivercore.shutdown.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.Driver;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.ProbeContext;
import org.drivercore.api.ProbeResult;
import org.drivercore.api.RegistryException;
import org.drivercore.api.ShutdownContext;
import org.drivercore.api.ShutdownMode;
import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownStrategy;
import org.drivercore.core.internal.RegistryFixture;
import org.drivercore.shutdown.strategy.CompletionsStrategy;
import org.drivercore.shutdown.strategy.CookieChainStrategy;
import org.drivercore.shutdown.strategy.DagStrategy;
import org.drivercore.shutdown.strategy.SerialStrategy;
import org.drivercore.shutdown.strategy.TwoPassStrategy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faults of a driver's shutdown, on the real registry and every built-in strategy, on the virtual clock: a shutdown
 * that throws, fails later, never completes, outlasts the hang period, completes twice, or calls back into the
 * registry. Whatever the fault, every device of the snapshot ends with exactly one outcome, the barrier is released,
 * nothing escapes the run, and the strategies that claim an order keep it (the ordering checker on the trace).
 *
 * <p>The machine: a regulator supplies a fan, the fan supplies disk2 (a stateless link); disk0..disk2 are children of a host; disk0 is
 * a consumer of a clock. Every device has work and is async (policy {@code all}), so the parallel strategies run
 * every leaf at once.
 */
class ShutdownFaultsTest {

    private static final String P = "/devices/platform/";
    static final String CLOCK = P + "clk";
    static final String REGULATOR = P + "regulator";
    static final String FAN = P + "fan";
    static final String HOST = P + "host";
    static final String DISK0 = HOST + "/disk0";
    static final String DISK1 = HOST + "/disk1";
    static final String DISK2 = HOST + "/disk2";
    static final String HOTPLUGGED = P + "hotplugged";

    private static final Duration HANG_PERIOD = Duration.ofSeconds(5);
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** A fault: what a driver's shutdown of one device does, given the registry and the context. */
    private interface Fault extends BiFunction<DeviceRegistry, ShutdownContext, CompletionStage<Void>> {
    }

    private final RegistryFixture fixture = new RegistryFixture();
    private final DeviceRegistry registry = fixture.registry();
    private final Map<String, Fault> faults = new HashMap<>();
    private final List<String> escaped = Collections.synchronizedList(new ArrayList<>());

    static Stream<ShutdownStrategy> strategies() {
        return Stream.of(new SerialStrategy(), new TwoPassStrategy(), new CookieChainStrategy(), new CompletionsStrategy(),
                new DagStrategy());
    }

    /**
     * The strategies that claim children-first and consumers-first under the policy {@code all}: not v8's cookie
     * chain (it deadlocks where v8 did), nor the seed's two passes, whose order is the list's and whose async starts
     * all run before any end.
     */
    private static boolean claimsOrder(ShutdownStrategy s) {
        return !(s instanceof CookieChainStrategy) && !(s instanceof TwoPassStrategy);
    }

    private void machine() {
        fixture.busType(() -> "platform");
        fixture.driver(new FaultyDriver());
        for (String path : List.of(CLOCK, REGULATOR, FAN, HOST, DISK0, DISK1, DISK2)) {
            registry.add(DeviceSpec.builder(path).bus("platform").driver("faulty").build());
        }
        registry.link(DeviceLink.of(CLOCK, DISK0));
        registry.link(DeviceLink.of(REGULATOR, FAN));
        // Stateless: not managed, so removing the fan does not unbind disk2 (which would wait for disk2's shutdown).
        registry.link(DeviceLink.of(FAN, DISK2, LinkFlag.STATELESS));
    }

    /** The driver of every device: each device's fault, else 10 ms of work. */
    private final class FaultyDriver implements Driver {
        @Override
        public String name() {
            return "faulty";
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
            Fault f = faults.get(device.path());
            return f == null ? context.sleep(Duration.ofMillis(10)) : f.apply(registry, context);
        }
    }

    private record Ran(ShutdownGraph snapshot, ShutdownGraph ordering, RunResult result) {
        NodeRecord of(String path) {
            return result.records().stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
        }
    }

    private Ran run(ShutdownStrategy strategy) {
        registry.blockProbing();
        ShutdownGraph snapshot = GraphSnapshot.take("faults", registry);
        ShutdownGraph view = GraphSnapshot.view(snapshot, strategy, AsyncPolicy.ALL);
        EngineOptions options = new EngineOptions(4, Optional.of(DEADLINE), HANG_PERIOD, ShutdownMode.POWEROFF);
        RunResult result;
        try {
            result = ShutdownEngine.runVirtual(view, strategy, options);
        } catch (RuntimeException | Error e) {
            escaped.add(e.toString());
            throw e;
        }
        Ran ran = new Ran(snapshot, GraphSnapshot.ordering(snapshot, strategy.asyncFlags(), AsyncPolicy.ALL), result);
        // Exactly one outcome per device of the snapshot, each once, in the snapshot's order.
        assertThat(result.records()).extracting(NodeRecord::path)
                .containsExactlyElementsOf(snapshot.nodes().stream().map(n -> n.path()).toList());
        assertThat(result.records()).allSatisfy(r -> assertThat(r.outcome()).isNotNull());
        if (claimsOrder(strategy)) {
            assertThat(OrderingChecker.check(ran.ordering(), result)).as(strategy.name()).isEmpty();
        }
        return ran;
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void aShutdownThatThrowsFailsItsDeviceAndTheRestGoesOn(ShutdownStrategy strategy) {
        machine();
        faults.put(DISK1, (r, ctx) -> {
            throw new IllegalStateException("controller on fire");
        });
        Ran ran = run(strategy);

        assertThat(ran.of(DISK1).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(ran.of(DISK1).detail()).contains("controller on fire");
        if (claimsOrder(strategy)) {
            assertThat(ran.result().outcomes()).containsEntry(Outcome.DONE, 6).containsEntry(Outcome.FAILED, 1);
            assertThat(ran.of(HOST).start()).isGreaterThanOrEqualTo(ran.of(DISK1).end());
            assertThat(ran.result().deadlock()).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void aShutdownWhoseStageFailsLaterFailsWhenItEnds(ShutdownStrategy strategy) {
        machine();
        faults.put(DISK1, (r, ctx) -> ctx.sleep(Duration.ofMillis(40)).thenRun(() -> {
            throw new IllegalStateException("lost the link to the controller");
        }));
        Ran ran = run(strategy);

        assertThat(ran.of(DISK1).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(ran.of(DISK1).durationNanos()).isEqualTo(Duration.ofMillis(40).toNanos());
        if (claimsOrder(strategy)) {
            assertThat(ran.of(HOST).start()).isGreaterThanOrEqualTo(ran.of(DISK1).end());
        }
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void aShutdownThatNeverCompletesIsNamedByTheHangTrackerAndTheDeadlineReleasesTheBarrier(ShutdownStrategy strategy) {
        machine();
        faults.put(DISK1, (r, ctx) -> new CompletableFuture<>());
        Ran ran = run(strategy);

        assertThat(ran.result().deadlineHit()).isTrue();
        assertThat(ran.result().makespanNanos()).as("the barrier released at the deadline").isEqualTo(DEADLINE.toNanos());
        assertThat(ran.of(DISK1).outcome()).isEqualTo(Outcome.TIMED_OUT);
        if (claimsOrder(strategy)) {
            // The host waits on disk1: it never started.
            assertThat(ran.of(HOST).start()).isEqualTo(-1);
            assertThat(ran.of(HOST).outcome()).isIn(Outcome.SKIPPED, Outcome.TIMED_OUT);
        }
        String first = ran.result().hangReports().get(0);
        assertThat(first).startsWith("no device finished shutting down for PT5S").contains(DISK1 + ": ");
        if (claimsOrder(strategy) && !(strategy instanceof SerialStrategy)) {
            // Who waits on it: the host's line names disk1 among what it waits for (the serial walk has not reached
            // the host: "not started yet").
            assertThat(first.lines().filter(l -> l.contains(HOST + ": ")).findFirst()).hasValueSatisfying(
                    l -> assertThat(l).contains(DISK1));
        }
        assertThat(ran.result().hangReports()).last().asString().startsWith("the system deadline of PT30S is reached");
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void aShutdownLongerThanTheHangPeriodIsReportedAndThenEndsDone(ShutdownStrategy strategy) {
        machine();
        faults.put(DISK1, (r, ctx) -> ctx.sleep(Duration.ofSeconds(12)));
        Ran ran = run(strategy);

        assertThat(ran.result().hangReports()).as(strategy.name()).isNotEmpty()
                .allSatisfy(report -> assertThat(report).contains(DISK1));
        assertThat(ran.result().deadlineHit()).isFalse();
        if (claimsOrder(strategy)) {
            assertThat(ran.result().outcomes()).containsEntry(Outcome.DONE, 7);
        }
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void aStageCompletedTwiceCountsOnce(ShutdownStrategy strategy) {
        machine();
        // Done, then the driver "fails" the same stage (ignored) and forces an exception into it (obtrude).
        faults.put(DISK1, (r, ctx) -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            ctx.sleep(Duration.ofMillis(20)).thenRun(() -> {
                f.complete(null);
                f.completeExceptionally(new IllegalStateException("second completion"));
                f.obtrudeException(new IllegalStateException("forced completion"));
            });
            return f;
        });
        // Failed first, then completed: still failed.
        faults.put(DISK0, (r, ctx) -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            ctx.sleep(Duration.ofMillis(20)).thenRun(() -> {
                f.completeExceptionally(new IllegalStateException("first completion"));
                f.complete(null);
            });
            return f;
        });
        Ran ran = run(strategy);

        assertThat(ran.of(DISK1).outcome()).isEqualTo(Outcome.DONE);
        assertThat(ran.of(DISK0).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(ran.of(DISK0).detail()).contains("first completion");
        assertThat(ran.result().outcomes().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(7);
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void aShutdownThatAddsADeviceAndALinkAndRemovesAnotherDevice(ShutdownStrategy strategy) {
        machine();
        faults.put(DISK2, (r, ctx) -> {
            r.add(DeviceSpec.builder(HOTPLUGGED).bus("platform").build());
            r.link(DeviceLink.of(REGULATOR, DISK1));
            r.remove(FAN); // not shut down yet: it waits on disk2
            return ctx.sleep(Duration.ofMillis(10));
        });
        Ran ran = run(strategy);

        // The added device is in the registry, not probed (probing is blocked) and not in this shutdown.
        assertThat(registry.device(HOTPLUGGED)).isPresent();
        assertThat(ran.result().records()).noneMatch(rec -> rec.path().equals(HOTPLUGGED));
        // The removed fan counts as done at once, and releases the regulator that waited on it.
        assertThat(registry.device(FAN)).isEmpty();
        assertThat(ran.of(FAN).outcome()).isEqualTo(Outcome.DONE);
        assertThat(ran.of(FAN).notes()).anySatisfy(n -> assertThat(n).contains("removed before its shutdown"));
        assertThat(ran.of(REGULATOR).outcome()).isEqualTo(Outcome.DONE);
        assertThat(ran.result().deadlock()).as(strategy.name()).isFalse();
        assertThat(registry.links()).anyMatch(l -> l.supplierPath().equals(REGULATOR) && l.consumerPath().equals(DISK1));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void aRemovalThatWouldWaitForARunningShutdownOfTheSameThreadIsRefusedNotAFrozenClock(ShutdownStrategy strategy) {
        machine();
        List<String> refusals = new ArrayList<>();
        faults.put(DISK0, (r, ctx) -> ctx.sleep(Duration.ofMillis(50)));
        // From the stage's continuation: on the virtual clock the run's one thread, which started disk0's shutdown.
        faults.put(DISK1, (r, ctx) -> ctx.sleep(Duration.ofMillis(1)).thenRun(() -> {
            try {
                r.remove(DISK0);
            } catch (RegistryException e) {
                refusals.add(e.getMessage());
            }
        }));
        faults.put(DISK2, (r, ctx) -> ctx.sleep(Duration.ofMillis(1)).thenRun(() -> {
            try {
                r.remove(DISK2);
            } catch (RegistryException e) {
                refusals.add(e.getMessage());
            }
        }));
        Ran ran = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(strategy));

        // disk2 removing itself: always running, always refused. disk0: running when the walk runs the leaves at once.
        assertThat(refusals).anySatisfy(m -> assertThat(m).startsWith(DISK2 + ": cannot remove it now: its shutdown runs "
                + "and was started on this thread"));
        // disk0: refused while its shutdown runs; removed while it waits for its turn (then done at once) or after it.
        boolean refused = refusals.stream().anyMatch(m -> m.startsWith(DISK0 + ": cannot remove it now: its shutdown runs"));
        NodeRecord disk0 = ran.of(DISK0);
        if (refused) {
            assertThat(registry.device(DISK0)).isPresent();
            assertThat(disk0.outcome()).isEqualTo(Outcome.DONE);
        } else {
            assertThat(registry.device(DISK0)).isEmpty();
            assertThat(disk0.notes().stream().anyMatch(n -> n.contains("removed before its shutdown"))
                    || disk0.end() <= ran.of(DISK1).end()).as(disk0 + " " + refusals).isTrue();
        }
        if (strategy instanceof DagStrategy || strategy instanceof CompletionsStrategy) {
            assertThat(refused).as("the leaves run at once: disk0 runs when disk1 asks").isTrue();
        }
        assertThat(registry.device(DISK2)).isPresent();
        assertThat(escaped).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void aShutdownThatNeverCompletesGivesItsDeviceLockBackWhenTheRunEnds(ShutdownStrategy strategy) {
        machine();
        faults.put(DISK1, (r, ctx) -> new CompletableFuture<>());
        Ran ran = run(strategy);
        assertThat(ran.result().deadlineHit()).isTrue();

        // A bundle stop after the power-off unbinds and removes: it must not wait for the hung callback for good.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> registry.remove(HOST));
        assertThat(registry.device(DISK1)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void aShutdownThatRemovesItsOwnDeviceIsRefusedNotADeadlock(ShutdownStrategy strategy) {
        machine();
        List<String> refusals = new ArrayList<>();
        faults.put(HOST, (r, ctx) -> {
            try {
                r.remove(HOST);
            } catch (RegistryException e) {
                refusals.add(e.getMessage());
            }
            return ctx.sleep(Duration.ofMillis(10));
        });
        Ran ran = run(strategy);

        assertThat(refusals).singleElement().asString().startsWith(HOST + ": cannot remove it now: its shutdown runs and "
                + "was started on this thread");
        assertThat(registry.device(HOST)).isPresent();
        assertThat(registry.device(DISK0)).as("nothing half-removed").isPresent();
        assertThat(ran.of(HOST).outcome()).isEqualTo(Outcome.DONE);
        assertThat(escaped).isEmpty();
    }
}
