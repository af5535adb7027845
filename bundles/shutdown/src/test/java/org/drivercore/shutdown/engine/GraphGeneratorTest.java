package org.drivercore.shutdown.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.drivercore.api.shutdown.AsyncSource;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.shutdown.engine.GraphGenerator.Spec;
import org.drivercore.shutdown.strategy.DagStrategy;
import org.junit.jupiter.api.Test;

class GraphGeneratorTest {

    private static final String EXAMPLE =
            "devices=200,seed=7,async=0.3,links=0.05,fanout=4,depth=6,latency=uniform(1ms, 50ms),disorder=0.1";

    /** Everything about a graph except the callbacks themselves, which are compared through their latencies. */
    static List<String> describe(ShutdownGraph g, Spec spec) {
        long[] lat = GraphGenerator.latencies(g, spec);
        List<String> out = new ArrayList<>();
        for (ShutdownNode n : g.nodes()) {
            out.add(n.index() + " " + n.path() + " parent=" + n.parent().orElse(null) + " suppliers=" + n.suppliers()
                    + " async=" + n.async() + "/" + n.asyncSource().map(AsyncSource::externalName).orElse("-") + " work=" + n.hasWork() + " driver="
                    + n.driver().orElse("-") + " latency=" + lat[n.index()]);
        }
        return out;
    }

    // ------------------------------------------------------------------ the spec

    @Test
    void parsesTheExample() {
        Spec s = Spec.parse(EXAMPLE);
        assertThat(s.devices()).isEqualTo(200);
        assertThat(s.seed()).isEqualTo(7);
        assertThat(s.asyncFraction()).isEqualTo(0.3);
        assertThat(s.links()).isEqualTo(0.05);
        assertThat(s.maxFanout()).isEqualTo(4);
        assertThat(s.maxDepth()).isEqualTo(6);
        assertThat(s.latency()).hasToString("uniform(1ms, 50ms)");
        assertThat(s.disorder()).isEqualTo(0.1);
        assertThat(s.noCallback()).isEqualTo(Spec.DEFAULT.noCallback());
    }

    @Test
    void textFormReadsBack() {
        Spec s = Spec.parse(EXAMPLE + ",nocallback=0.25");
        assertThat(s.toString()).isEqualTo("devices=200,fanout=4,depth=6,async=0.3,links=0.05,nocallback=0.25,"
                + "latency=uniform(1ms, 50ms),seed=7,disorder=0.1");
        assertThat(Spec.parse(s.toString())).isEqualTo(s);
        assertThat(Spec.parse(" DEVICES = 3 , latency = lognormal(median=4500ms, sigma=0.2) ").latency())
                .hasToString("lognormal(median=4500ms, sigma=0.2)");
    }

    @Test
    void emptySpecIsTheDefault() {
        assertThat(Spec.parse("")).isEqualTo(Spec.DEFAULT);
        assertThat(Spec.parse(null)).isEqualTo(Spec.DEFAULT);
    }

    @Test
    void errorsNameTheKeyAndWhy() {
        assertThatThrownBy(() -> Spec.parse("devices=abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("graph spec: devices=abc is not a whole number");
        assertThatThrownBy(() -> Spec.parse("devices=0")).hasMessage("graph spec: devices=0 must be between 1 and 1000000");
        assertThatThrownBy(() -> Spec.parse("async=1.5")).hasMessage("graph spec: async=1.5 must be a fraction between 0 and 1");
        assertThatThrownBy(() -> Spec.parse("disorder=-0.1")).hasMessageContaining("disorder=-0.1 must be a fraction");
        assertThatThrownBy(() -> Spec.parse("nocallback=x")).hasMessage("graph spec: nocallback=x is not a number");
        assertThatThrownBy(() -> Spec.parse("links=9")).hasMessageContaining("links=9.0 must be a mean number");
        assertThatThrownBy(() -> Spec.parse("fanout=0")).hasMessage("graph spec: fanout=0 must be at least 1");
        assertThatThrownBy(() -> Spec.parse("depth=0")).hasMessageContaining("depth=0 must be at least 1");
        assertThatThrownBy(() -> Spec.parse("seed=1.5")).hasMessage("graph spec: seed=1.5 is not a whole number");
        assertThatThrownBy(() -> Spec.parse("colour=red")).hasMessageStartingWith("graph spec: unknown key 'colour' (keys: devices,");
        assertThatThrownBy(() -> Spec.parse("devices=3,devices=4")).hasMessage("graph spec: key 'devices' is given twice");
        assertThatThrownBy(() -> Spec.parse("devices")).hasMessageStartingWith("graph spec: 'devices' is not key=value");
        assertThatThrownBy(() -> Spec.parse("seed=")).hasMessage("graph spec: key 'seed' has no value");
        assertThatThrownBy(() -> Spec.parse("latency=uniform(1ms, 50ms")).hasMessageContaining("unbalanced parentheses");
        assertThatThrownBy(() -> Spec.parse("latency=uniform(5ms, 1ms)"))
                .hasMessage("graph spec: latency: latency model 'uniform(5ms, 1ms)': uniform maximum is below its minimum");
        assertThatThrownBy(() -> Spec.parse("latency=gauss(1ms)")).hasMessageStartingWith("graph spec: latency: unknown latency model");
    }

    // ------------------------------------------------------------------ the graph

    @Test
    void sameSpecSameGraph() {
        Spec s = Spec.parse(EXAMPLE);
        assertThat(describe(GraphGenerator.generate(s), s)).isEqualTo(describe(GraphGenerator.generate(EXAMPLE), s));
        Spec other = s.withSeed(8);
        assertThat(describe(GraphGenerator.generate(other), other)).isNotEqualTo(describe(GraphGenerator.generate(s), s));
    }

    @Test
    void respectsFanoutAndDepth() {
        Spec s = Spec.parse("devices=300,fanout=3,depth=4,seed=11,disorder=0.2,links=0.5");
        ShutdownGraph g = GraphGenerator.generate(s);
        assertThat(g.size()).isEqualTo(300);
        for (ShutdownNode n : g.nodes()) {
            assertThat(n.children()).hasSizeLessThanOrEqualTo(3);
            int depth = 1;
            for (ShutdownNode p = n; p.parent().isPresent(); p = g.node(p.parent().get())) {
                depth++;
            }
            assertThat(depth).isLessThanOrEqualTo(4);
        }
        // Acyclic: the topological order exists.
        assertThat(g.topologicalOrder()).hasSize(300);
    }

    @Test
    void inOrderWithoutDisorderAndLateProbesOtherwise() {
        Spec s = Spec.parse(EXAMPLE);
        assertThat(GraphGenerator.misordered(GraphGenerator.generate(s.withDisorder(0)))).isEmpty();
        List<GraphGenerator.Misordered> late = GraphGenerator.misordered(GraphGenerator.generate(s));
        assertThat(late).isNotEmpty();
        assertThat(late).extracting(GraphGenerator.Misordered::relation).contains("child");
        for (GraphGenerator.Misordered m : late) {
            assertThat(m.dependency()).isGreaterThan(m.dependent());
        }
    }

    @Test
    void disorderOnlyChangesTheListOrder() {
        Spec s = Spec.parse(EXAMPLE);
        assertThat(shape(GraphGenerator.generate(s))).isEqualTo(shape(GraphGenerator.generate(s.withDisorder(0))));
    }

    /** Per path: its parent's path, its suppliers' paths, its flags. */
    private static Map<String, String> shape(ShutdownGraph g) {
        Map<String, String> out = new HashMap<>();
        for (ShutdownNode n : g.nodes()) {
            out.put(n.path(), n.parent().map(p -> g.node(p).path()).orElse("-") + " "
                    + n.suppliers().stream().map(x -> g.node(x).path()).sorted().toList() + " " + n.async() + " " + n.hasWork());
        }
        return out;
    }

    @Test
    void fractionsAndLinks() {
        ShutdownGraph none = GraphGenerator.generate("devices=100,nocallback=1,async=1");
        assertThat(none.nodes()).noneMatch(ShutdownNode::hasWork).noneMatch(ShutdownNode::async);
        ShutdownGraph all = GraphGenerator.generate("devices=100,nocallback=0,async=1");
        assertThat(all.nodes()).allMatch(n -> n.hasWork() && n.async() && n.asyncSource().isPresent());
        ShutdownGraph sync = GraphGenerator.generate("devices=100,nocallback=0,async=0");
        assertThat(sync.nodes()).allMatch(n -> n.hasWork() && !n.async() && n.asyncSource().isEmpty());
        assertThat(GraphGenerator.generate("devices=100,links=0").nodes()).allMatch(n -> n.suppliers().isEmpty());
        ShutdownGraph linked = GraphGenerator.generate("devices=100,links=2");
        // Every device from the fourth on has room for two links besides its parent.
        long links = linked.nodes().stream().mapToLong(n -> n.suppliers().size()).sum();
        assertThat(links).isBetween(190L, 200L);
        assertThat(linked.nodes()).allMatch(n -> n.parent().map(p -> !n.suppliers().contains(p)).orElse(true));
    }

    @Test
    void callbacksSleepTheirLatency() {
        Spec s = Spec.parse("devices=40,seed=3,latency=uniform(1ms, 50ms),nocallback=0.2,async=0.5");
        ShutdownGraph g = GraphGenerator.generate(s);
        long[] lat = GraphGenerator.latencies(g, s);
        RunResult r = ShutdownEngine.runVirtual(g, new DagStrategy(), EngineOptions.of(2));
        for (NodeRecord rec : r.records()) {
            assertThat(rec.durationNanos()).isEqualTo(lat[rec.index()]);
            if (rec.hasWork()) {
                assertThat(Duration.ofNanos(lat[rec.index()])).isBetween(Duration.ofMillis(1), Duration.ofMillis(50));
            }
        }
        assertThat(r.makespanNanos()).isEqualTo(CriticalPath.underOrdering(g, lat));
    }

    @Test
    void aSingleDevice() {
        ShutdownGraph g = GraphGenerator.generate("devices=1");
        assertThat(g.size()).isEqualTo(1);
        assertThat(g.node(0).parent()).isEmpty();
        assertThat(g.node(0).path()).isEqualTo("/devices/d0");
    }
}
