package org.drivercore.shutdown.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

import org.drivercore.api.LatencyModel;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.api.shutdown.ShutdownStrategy;
import org.drivercore.shutdown.engine.EngineOptions;
import org.drivercore.shutdown.engine.GraphGenerator;
import org.drivercore.shutdown.engine.GraphGenerator.Spec;
import org.drivercore.shutdown.engine.CriticalPath;
import org.drivercore.shutdown.engine.NodeRecord;
import org.drivercore.shutdown.engine.OrderingChecker;
import org.drivercore.shutdown.engine.Outcome;
import org.drivercore.shutdown.engine.RunResult;
import org.drivercore.shutdown.engine.ShutdownEngine;
import org.drivercore.shutdown.engine.VirtualEnvironment;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * What each strategy guarantees, and where exactly each one breaks, over random graphs from
 * {@link GraphGenerator} (1 to 40 devices, any fan-out, depth, async and ordering-only fractions, links, latency
 * models with ties) on the virtual clock, with fixed seeds so that every run of the build checks the same cases.
 *
 * <p>Vocabulary: an edge {@code (P, D)} says that D (a child or consumer) must end before P (its parent or
 * supplier) starts; it is <em>misordered</em> when D is listed before P (a pre-4.18 late probe put P behind D; a sync-state-only link may too), so the
 * reverse walk reaches P first. {@code lat[i]} is device i's latency (0 without a callback).
 */
class StrategyPropertiesTest {

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<Spec> inOrder() {
        return specs(Arbitraries.just(0.0));
    }

    @Provide
    Arbitrary<Spec> anyOrder() {
        return specs(Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0.0)),
                Tuple.of(3, Arbitraries.doubles().between(0.05, 0.6).ofScale(2))));
    }

    private static Arbitrary<Spec> specs(Arbitrary<Double> disorder) {
        // Uniform: jqwik's default bias towards small values would make a quarter of the graphs 1 or 2 devices.
        Arbitrary<Integer> devices = Arbitraries.integers().between(1, 40).withDistribution(RandomDistribution.uniform());
        Arbitrary<Integer> fanout = Arbitraries.integers().between(1, 5);
        Arbitrary<Integer> depth = Arbitraries.integers().between(1, 6);
        Arbitrary<Double> async = Arbitraries.doubles().between(0, 1).ofScale(2);
        Arbitrary<Double> links = Arbitraries.doubles().between(0, 1.5).ofScale(2);
        Arbitrary<Double> noCallback = Arbitraries.doubles().between(0, 0.4).ofScale(2);
        // fixed(10ms) makes many devices end at the same instant: ties are where ordering bugs hide.
        Arbitrary<LatencyModel> latency = Arbitraries.of("fixed(10ms)", "uniform(1ms, 50ms)",
                "lognormal(median=20ms, sigma=0.5)", "uniform(100us, 900us)").map(LatencyModel::parse);
        Arbitrary<Tuple.Tuple2<Long, Double>> seedAndDisorder = Combinators.combine(Arbitraries.longs(), disorder)
                .as(Tuple::of);
        return Combinators.combine(devices, fanout, depth, async, links, noCallback, latency, seedAndDisorder)
                .as((n, f, d, a, l, nc, lat, sd) -> new Spec(n, f, d, a, l, nc, lat, sd.get1(), sd.get2()));
    }

    // ------------------------------------------------------------------ helpers

    private static RunResult run(ShutdownGraph g, ShutdownStrategy s, int pool) {
        return ShutdownEngine.runVirtual(g, s, EngineOptions.of(pool));
    }

    /** The checker's violations as {@code "P<D"} by list index. */
    private static Set<String> violations(ShutdownGraph g, RunResult r) {
        Map<String, Integer> index = new HashMap<>();
        g.nodes().forEach(n -> index.put(n.path(), n.index()));
        Set<String> out = new HashSet<>();
        OrderingChecker.check(g, r).forEach(v -> out.add(index.get(v.started()) + "<" + index.get(v.dependent())));
        return out;
    }

    private static String edge(int p, int d) {
        return p + "<" + d;
    }

    /**
     * Every pair {@code "P<D"} the checker judges: P and D have work, and D is a child or consumer of P or is reached
     * from one through devices without work (which only order). Computed here by a plain search, apart from the
     * checker's own memoised walk.
     */
    private static Set<String> workPairs(ShutdownGraph g) {
        return workPairs(g, (p, d) -> true);
    }

    /** The same, following only the edges (P, D) the filter keeps. */
    private static Set<String> workPairs(ShutdownGraph g, BiPredicate<ShutdownNode, ShutdownNode> edgeKept) {
        Set<String> out = new HashSet<>();
        for (ShutdownNode p : g.nodes()) {
            if (!p.hasWork()) {
                continue;
            }
            Deque<ShutdownNode[]> todo = new ArrayDeque<>();
            g.dependencies(p).forEach(d -> todo.push(new ShutdownNode[] {p, d}));
            Set<Integer> seen = new HashSet<>();
            while (!todo.isEmpty()) {
                ShutdownNode[] e = todo.pop();
                ShutdownNode x = e[1];
                if (!edgeKept.test(e[0], x) || !seen.add(x.index())) {
                    continue;
                }
                if (x.hasWork()) {
                    out.add(edge(p.index(), x.index()));
                } else {
                    g.dependencies(x).forEach(d -> todo.push(new ShutdownNode[] {x, d}));
                }
            }
        }
        return out;
    }

    private static int started(String pair) {
        return Integer.parseInt(pair.substring(0, pair.indexOf('<')));
    }

    private static int dependent(String pair) {
        return Integer.parseInt(pair.substring(pair.indexOf('<') + 1));
    }

    private static Set<String> misordered(ShutdownGraph g) {
        Set<String> out = new HashSet<>();
        GraphGenerator.misordered(g).forEach(m -> out.add(edge(m.dependency(), m.dependent())));
        return out;
    }

    private static void allDone(RunResult r) {
        assertThat(r.records()).allSatisfy(rec -> assertThat(rec.outcome()).isEqualTo(Outcome.DONE));
        assertThat(r.deadlock()).isFalse();
    }

    // ------------------------------------------------------------------ serial

    /**
     * serial: device i starts when every device listed after it has finished, one after another on main, so
     * start[i] = the sum of lat[j] over j > i, whatever the list order. The checker judges pairs of devices with work
     * (through devices without work) and flags (P, D) exactly when D is listed before P: then D ends after P
     * started. In particular: no violation on a list in order, never a hang.
     */
    @Property(seed = "20260701", tries = 1500)
    void serialIsTheReverseWalkAndViolatesExactlyTheMisorderedEdges(@ForAll("anyOrder") Spec spec,
            @ForAll @IntRange(min = 1, max = 4) int pool) {
        ShutdownGraph g = GraphGenerator.generate(spec);
        long[] lat = GraphGenerator.latencies(g, spec);
        RunResult r = run(g, new SerialStrategy(), pool);
        allDone(r);
        long after = 0;
        for (int i = g.size() - 1; i >= 0; i--) {
            NodeRecord rec = r.record(i);
            assertThat(rec.start()).isEqualTo(after);
            after += lat[i];
            assertThat(rec.end()).isEqualTo(after);
            assertThat(rec.thread()).isEqualTo("main");
        }
        assertThat(r.makespanNanos()).isEqualTo(after);
        assertThat(r.peakThreads()).isEqualTo(1);
        // Devices with work end in reverse list order: a pair breaks exactly when the dependent is listed first.
        Set<String> expected = new HashSet<>();
        for (String e : workPairs(g)) {
            if (dependent(e) < started(e)) {
                expected.add(e);
            }
        }
        assertThat(violations(g, r)).isEqualTo(expected);
        if (spec.disorder() == 0) {
            assertThat(expected).isEmpty();
        }
        Statistics.label("violations").collect(!expected.isEmpty());
        Statistics.label("violations").coverage(c -> c.check(true).percentage(p -> p > 20));
    }

    // ------------------------------------------------------------------ two-pass

    /**
     * two-pass: everything on main; time advances only while pass 1 shuts a sync device down. With S(i) the
     * sum of lat[j] over sync j > i: start[i] = S(i) and end[i] = S(i) + lat[i] for every device, async or not.
     * The checker flags a pair (P, D) of devices with work exactly when end[D] > start[P]. On a list in order that
     * means: D is async and the sync work the walk does between D and P (listed strictly between them) is shorter
     * than lat[D].
     */
    @Property(seed = "20260702", tries = 1500)
    void twoPassViolatesExactlyWhereAnAsyncDependentOutlivesTheWalk(@ForAll("anyOrder") Spec spec) {
        ShutdownGraph g = GraphGenerator.generate(spec);
        long[] lat = GraphGenerator.latencies(g, spec);
        RunResult r = run(g, new TwoPassStrategy(), 2);
        allDone(r);
        long[] start = new long[g.size()];
        long[] end = new long[g.size()];
        long s = 0;
        long last = 0;
        for (int i = g.size() - 1; i >= 0; i--) {
            start[i] = s;
            end[i] = s + lat[i];
            if (!g.node(i).async()) {
                s += lat[i];
            }
            last = Math.max(last, end[i]);
            assertThat(r.record(i).start()).isEqualTo(start[i]);
            assertThat(r.record(i).end()).isEqualTo(end[i]);
            assertThat(r.record(i).thread()).isEqualTo("main");
        }
        assertThat(r.makespanNanos()).isEqualTo(last);
        assertThat(r.peakThreads()).isEqualTo(1);
        Set<String> expected = new HashSet<>();
        for (String e : workPairs(g)) {
            if (end[dependent(e)] > start[started(e)]) {
                expected.add(e);
            }
        }
        Set<String> found = violations(g, r);
        assertThat(found).isEqualTo(expected);
        if (spec.disorder() == 0) {
            Set<String> worded = new HashSet<>();
            for (String e : workPairs(g)) {
                int p = started(e);
                int d = dependent(e);
                long syncBetween = 0;
                for (int k = p + 1; k < d; k++) {
                    syncBetween += g.node(k).async() ? 0 : lat[k];
                }
                if (g.node(d).async() && lat[d] > syncBetween) {
                    worded.add(edge(p, d));
                }
            }
            assertThat(found).isEqualTo(worded);
        }
        Statistics.label("violations").collect(!found.isEmpty());
        Statistics.label("violations").coverage(c -> c.check(true).percentage(p -> p > 20));
    }

    // ------------------------------------------------------------------ completions

    /**
     * completions on a list in order, any pool size from 1: every device done, no violation, no hang, no hang
     * report; sync devices on main, async ones on workers; at most main plus one worker per async device.
     */
    @Property(seed = "20260703", tries = 1000)
    void completionsIsCorrectOnAListInOrderWithAnyPool(@ForAll("inOrder") Spec spec,
            @ForAll @IntRange(min = 1, max = 8) int pool) {
        ShutdownGraph g = GraphGenerator.generate(spec);
        long[] lat = GraphGenerator.latencies(g, spec);
        RunResult r = run(g, new CompletionsStrategy(), pool);
        allDone(r);
        assertThat(OrderingChecker.check(g, r)).isEmpty();
        assertThat(r.hangReports()).isEmpty();
        assertThat(r.makespanNanos()).isGreaterThanOrEqualTo(CriticalPath.underOrdering(g, lat));
        long async = g.nodes().stream().filter(ShutdownNode::async).count();
        assertThat(r.peakThreads()).isLessThanOrEqualTo(1 + (int) Math.min(pool, async));
        for (ShutdownNode n : g.nodes()) {
            String thread = r.record(n.index()).thread();
            assertThat(n.async() ? thread.startsWith("worker-") : thread.equals("main")).as("thread of %s", n).isTrue();
        }
    }

    /**
     * v18's fallback: with any limit on pending entries, the devices past it are walked inline, and a list in
     * order stays correct (no violation, no hang); only the first {@code maxWork + 1} async devices in the
     * reverse walk use workers.
     */
    @Property(seed = "20260709", tries = 700)
    void completionsFallingBackToSyncStaysCorrectOnAListInOrder(@ForAll("inOrder") Spec spec,
            @ForAll @IntRange(min = 1, max = 6) int pool, @ForAll @IntRange(min = 0, max = 10) int maxWork) {
        ShutdownGraph g = GraphGenerator.generate(spec);
        RunResult r = run(g, new CompletionsStrategy(maxWork), pool);
        allDone(r);
        assertThat(OrderingChecker.check(g, r)).isEmpty();
        assertThat(r.hangReports()).isEmpty();
        long onWorkers = g.nodes().stream().filter(n -> r.record(n.index()).thread().startsWith("worker-")).count();
        long async = g.nodes().stream().filter(ShutdownNode::async).count();
        assertThat(onWorkers).isEqualTo(Math.min(async, maxWork + 1L));
    }

    /**
     * completions in any order: an async device never starts before any of its dependents ended, and a sync
     * device never before an async one, because both wait on completions. What the walk alone orders (sync or
     * ordering-only P and D) breaks where D is listed before P. Precisely, when the run does not hang, for the pairs
     * of devices with work the checker judges: every broken pair has every path from P to D cross a misordered
     * edge between two sync devices, and every pair of sync devices with D listed before P breaks. It can hang (the walk
     * blocked at a sync device waiting for an async one that waits for a device the walk has not reached, or
     * the pool full of async devices waiting for devices queued behind them), but only with a misordered edge,
     * and then the hang tracker always names a wait-for cycle.
     */
    @Property(seed = "20260704", tries = 1500)
    void completionsBreaksOnlyWhereTheWalkIsItsOnlyOrder(@ForAll("anyOrder") Spec spec,
            @ForAll @IntRange(min = 1, max = 8) int pool) {
        ShutdownGraph g = GraphGenerator.generate(spec);
        RunResult r = run(g, new CompletionsStrategy(), pool);
        Set<String> misordered = misordered(g);
        Statistics.label("outcome").collect(r.deadlock() ? "hang" : violations(g, r).isEmpty() ? "correct" : "violations");
        Statistics.label("outcome").coverage(c -> {
            c.check("hang").count(n -> n > 20);
            c.check("violations").count(n -> n > 20);
        });
        if (r.deadlock()) {
            assertThat(misordered).isNotEmpty();
            assertThat(r.waitCycle()).isNotEmpty();
            assertThat(r.deadlineHit()).isFalse();
            return;
        }
        allDone(r);
        // Only a misordered edge between two sync devices can break (the walk is its only order), and a pair breaks
        // only if every path from P to D crosses one: without those edges, no broken pair is reachable.
        Set<String> found = violations(g, r);
        Set<String> misorderedSync = new HashSet<>();
        for (String e : misordered) {
            if (!g.node(started(e)).async() && !g.node(dependent(e)).async()) {
                misorderedSync.add(e);
            }
        }
        Set<String> safe = workPairs(g, (p, d) -> !misorderedSync.contains(edge(p.index(), d.index())));
        Set<String> brokenThoughSafe = new HashSet<>(found);
        brokenThoughSafe.retainAll(safe);
        assertThat(brokenThoughSafe).isEmpty();
        // Two sync devices with work, the dependent listed first and only sync devices without work between them:
        // the walk starts P before it reaches D.
        Set<String> mustBreak = new HashSet<>();
        for (String e : workPairs(g)) {
            if (dependent(e) < started(e) && !g.node(started(e)).async() && !g.node(dependent(e)).async()) {
                mustBreak.add(e);
            }
        }
        assertThat(found).containsAll(mustBreak);
    }

    // ------------------------------------------------------------------ cookie-chain

    /**
     * cookie-chain (v8), any order, any pool size from 1: it deadlocks exactly when some parent or supplier is
     * listed after one of its children or consumers (the later cookie overwrites its shutdown_after, so it
     * waits for a cookie above its own: for itself), and the hang tracker then names a wait-for cycle. Otherwise
     * it is correct (a FIFO pool always lets the lowest cookie run, since it waits only for lower ones), every
     * device done; a sync device starts only once every device listed after it has finished (its shutdown_after
     * is the previous cookie), whether related or not; and each device took a worker at once: peak threads =
     * main + min(devices, pool).
     */
    @Property(seed = "20260705", tries = 1500)
    void cookieChainDeadlocksExactlyWhenTheListIsOutOfOrder(@ForAll("anyOrder") Spec spec,
            @ForAll @IntRange(min = 1, max = 8) int pool) {
        ShutdownGraph g = GraphGenerator.generate(spec);
        long[] lat = GraphGenerator.latencies(g, spec);
        RunResult r = run(g, new CookieChainStrategy(), pool);
        boolean misordered = !GraphGenerator.misordered(g).isEmpty();
        Statistics.label("deadlock").collect(r.deadlock());
        Statistics.label("deadlock").coverage(c -> {
            c.check(true).percentage(p -> p > 20);
            c.check(false).percentage(p -> p > 20);
        });
        assertThat(r.deadlock()).isEqualTo(misordered);
        if (misordered) {
            assertThat(r.waitCycle()).isNotEmpty();
            assertThat(r.deadlineHit()).isFalse();
            assertThat(r.outcomes().get(Outcome.SKIPPED)).isPositive();
        } else {
            allDone(r);
            assertThat(OrderingChecker.check(g, r)).isEmpty();
            assertThat(r.peakThreads()).isEqualTo(1 + Math.min(g.size(), pool));
            assertThat(r.makespanNanos()).isGreaterThanOrEqualTo(CriticalPath.underOrdering(g, lat));
            // A sync device's shutdown_after is the previous cookie: it starts only after every device listed
            // after it (scheduled before it), async or not, related or not, has finished.
            long doneAfter = 0;
            for (int i = g.size() - 1; i >= 0; i--) {
                if (!g.node(i).async()) {
                    assertThat(r.record(i).start()).isGreaterThanOrEqualTo(doneAfter);
                }
                doneAfter = Math.max(doneAfter, r.record(i).end());
            }
        }
    }

    // ------------------------------------------------------------------ dag

    /**
     * dag, any order, any pool size from 1: every device done, no violation, no hang; each device starts at
     * the very instant its last dependency (children, consumers and, for a sync device with work, the previous
     * device of the sync chain) ended; so the makespan is the critical path exactly, computed from the generator's
     * own latencies and from the measured ones; and no more threads than the pool.
     */
    @Property(seed = "20260706", tries = 1500)
    void dagIsCorrectAndReachesTheCriticalPathExactly(@ForAll("anyOrder") Spec spec,
            @ForAll @IntRange(min = 1, max = 8) int pool) {
        ShutdownGraph g = GraphGenerator.generate(spec);
        long[] lat = GraphGenerator.latencies(g, spec);
        RunResult r = run(g, new DagStrategy(), pool);
        allDone(r);
        assertThat(OrderingChecker.check(g, r)).isEmpty();
        ShutdownNode previousSync = null;
        for (ShutdownNode n : g.topologicalOrder()) {
            long ready = 0;
            for (ShutdownNode d : g.dependencies(n)) {
                ready = Math.max(ready, r.record(d.index()).end());
            }
            if (!n.async() && n.hasWork()) {
                if (previousSync != null) {
                    ready = Math.max(ready, r.record(previousSync.index()).end());
                }
                previousSync = n;
            }
            assertThat(r.record(n.index()).start()).as("start of %s", n).isEqualTo(ready);
            assertThat(r.record(n.index()).durationNanos()).isEqualTo(lat[n.index()]);
        }
        assertThat(r.makespanNanos()).isEqualTo(CriticalPath.underOrdering(g, lat)).isEqualTo(CriticalPath.underOrdering(g, CriticalPath.durations(r)));
        // An ordering-only node takes no thread: a graph without work runs on none.
        assertThat(r.peakThreads()).isBetween(g.nodes().stream().anyMatch(ShutdownNode::hasWork) ? 1 : 0, pool);
        assertThat(r.hangReports()).isEmpty();
    }

    // ------------------------------------------------------------------ random delays

    /**
     * With Fuchsia-style random delays (20 % of steps delayed by 0–5 ms, seeded), the strategies that order by
     * completions or by the walk stay correct on a list in order: serial, completions, cookie-chain and dag
     * never violate and never hang.
     */
    @Property(seed = "20260707", tries = 700)
    void orderedListsStayCorrectUnderRandomDelays(@ForAll("inOrder") Spec spec, @ForAll @IntRange(min = 1, max = 6) int pool,
            @ForAll long jitter) {
        ShutdownGraph g = GraphGenerator.generate(spec);
        for (ShutdownStrategy s : List.of(new SerialStrategy(), new CompletionsStrategy(), new CookieChainStrategy(),
                new DagStrategy())) {
            RunResult r = ShutdownEngine.run(g, s, new VirtualEnvironment(jitter), EngineOptions.of(pool));
            assertThat(r.deadlock()).as(s.name()).isFalse();
            assertThat(r.outcomes().get(Outcome.DONE)).as(s.name()).isEqualTo(g.size());
            assertThat(OrderingChecker.check(g, r)).as(s.name()).isEmpty();
        }
    }

    /** dag under random delays, in any order: still correct, never faster than the critical path. */
    @Property(seed = "20260708", tries = 1000)
    void dagStaysCorrectUnderRandomDelaysInAnyOrder(@ForAll("anyOrder") Spec spec,
            @ForAll @IntRange(min = 1, max = 6) int pool, @ForAll long jitter) {
        ShutdownGraph g = GraphGenerator.generate(spec);
        RunResult r = ShutdownEngine.run(g, new DagStrategy(), new VirtualEnvironment(jitter), EngineOptions.of(pool));
        allDone(r);
        assertThat(OrderingChecker.check(g, r)).isEmpty();
        assertThat(r.makespanNanos()).isGreaterThanOrEqualTo(CriticalPath.underOrdering(g, GraphGenerator.latencies(g, spec)));
    }
}
