package org.drivercore.shutdown.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.api.shutdown.AsyncSource;
import org.drivercore.api.shutdown.ShutdownCallback;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.shutdown.engine.GraphSnapshot;

/**
 * {@code dc:advise}: which driver, by opting its devices in to asynchronous shutdown, would shorten the shutdown most
 * under v18 ({@code completions}) and under {@code dag}; and which single driver's shutdown, were it instant, would.
 * Each gain is measured, not estimated: the strategy runs again on the virtual clock with that one change, and the
 * gain is the makespan before less the makespan after. Plain Java.
 *
 * <p>An opt-in is what v18 offers a driver: {@code dev_set_async_shutdown()} on its devices (the subsystem's flag,
 * which v18 and dag honour). Candidates are the drivers with a device that has shutdown work and is synchronous under
 * v18's flags; a device with work and no driver (a class's {@code shutdown_pre}) is a candidate by its path.
 */
final class Advice {

    /** What one change gains, under each strategy (emulated nanoseconds; negative: it makes things worse). */
    record Gain(String who, int devices, long v18Before, long v18After, long dagBefore, long dagAfter) {
        long v18() {
            return v18Before - v18After;
        }

        long dag() {
            return dagBefore - dagAfter;
        }
    }

    /** The advice for one machine: every candidate, best first. */
    record Result(String machine, int devices, long v18Makespan, long dagMakespan, List<Gain> optIns, List<Gain> latencyCuts) {
    }

    private final ShutdownGraph snapshot;
    private final Runs.Choice v18;
    private final Runs.Choice dag;
    private final Runs.Clocking clocking;

    Advice(ShutdownGraph snapshot, Runs.Choice v18, Runs.Choice dag, Runs.Clocking clocking) {
        this.snapshot = snapshot;
        this.v18 = v18;
        this.dag = dag;
        this.clocking = clocking.virtual();
    }

    Result advise(String machine) {
        long v18Before = makespan(snapshot, v18);
        long dagBefore = makespan(snapshot, dag);
        ShutdownGraph v18View = GraphSnapshot.ordering(snapshot, v18.strategy().asyncFlags(), AsyncPolicy.AS_KERNEL);
        Map<String, List<Integer>> syncWithWork = new LinkedHashMap<>();
        Map<String, List<Integer>> withWork = new LinkedHashMap<>();
        for (ShutdownNode n : v18View.nodes()) {
            if (n.hasWork()) {
                String who = who(n);
                withWork.computeIfAbsent(who, k -> new ArrayList<>()).add(n.index());
                if (!n.async()) {
                    syncWithWork.computeIfAbsent(who, k -> new ArrayList<>()).add(n.index());
                }
            }
        }
        List<Gain> optIns = new ArrayList<>();
        syncWithWork.forEach((who, nodes) -> {
            ShutdownGraph opted = optedIn(snapshot, Set.copyOf(nodes));
            optIns.add(new Gain(who, nodes.size(), v18Before, makespan(opted, v18), dagBefore, makespan(opted, dag)));
        });
        List<Gain> cuts = new ArrayList<>();
        withWork.forEach((who, nodes) -> {
            ShutdownGraph cut = instant(snapshot, Set.copyOf(nodes)::contains);
            cuts.add(new Gain(who, nodes.size(), v18Before, makespan(cut, v18), dagBefore, makespan(cut, dag)));
        });
        optIns.sort(Comparator.comparingLong(Gain::v18).thenComparingLong(Gain::dag).reversed()
                .thenComparing(Gain::who));
        cuts.sort(Comparator.comparingLong(Gain::dag).thenComparingLong(Gain::v18).reversed().thenComparing(Gain::who));
        return new Result(machine, snapshot.size(), v18Before, dagBefore, optIns, cuts);
    }

    /** A driver's name, or the device's path when it has no driver. */
    static String who(ShutdownNode n) {
        return n.driver().orElse(n.path());
    }

    /** The snapshot with the subsystem's async flag on these devices, as {@code dev_set_async_shutdown()} sets it. */
    static ShutdownGraph optedIn(ShutdownGraph snapshot, Set<Integer> nodes) {
        List<ShutdownNode.Builder> builders = new ArrayList<>(snapshot.size());
        for (ShutdownNode n : snapshot.nodes()) {
            ShutdownNode.Builder b = n.toBuilder();
            if (nodes.contains(n.index())) {
                EnumSet<AsyncSource> flags = n.asyncFlags().isEmpty() ? EnumSet.noneOf(AsyncSource.class)
                        : EnumSet.copyOf(n.asyncFlags());
                flags.add(AsyncSource.SUBSYSTEM);
                b.asyncFlags(flags);
            }
            builders.add(b);
        }
        return new ShutdownGraph(snapshot.name(), builders);
    }

    /** The snapshot with these devices' shutdown instant (their callbacks complete at once). */
    static ShutdownGraph instant(ShutdownGraph snapshot, Predicate<Integer> nodes) {
        ShutdownCallback done = context -> CompletableFuture.completedFuture(null);
        return snapshot.withCallbacks(n -> nodes.test(n.index()) ? done : n.callback());
    }

    private long makespan(ShutdownGraph graph, Runs.Choice choice) {
        return Runs.run(graph, choice, AsyncPolicy.AS_KERNEL, clocking).result().makespanNanos();
    }
}
