package org.drivercore.shutdown.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.drivercore.api.ShutdownMode;
import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.shutdown.engine.GraphGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7: an independent checker must be able to recompute every figure from the traces. This one reads the files
 * {@code compare --trace DIR} writes, with nothing but JSON, and recomputes each strategy's makespan, its critical path,
 * its ordering violations and its peak threads.
 */
class TraceRecomputationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Times are written to the microsecond. */
    private static final double US = 0.001;

    @TempDir
    Path dir;

    @Test
    void everyFigureCanBeRecomputedFromTheTraces() throws Exception {
        // A list in order (the generator's disorder 0), so that the sync chain is the reverse list order.
        ShutdownGraph g = GraphGenerator.generate("devices=60,seed=11,async=0.4,links=0.3,nocallback=0.2");
        List<Runs.Choice> choices = BuiltInStrategies.ORDER.stream()
                .map(n -> new Runs.Choice(BuiltInStrategies.create(n).orElseThrow(), 4)).toList();
        Comparison c = Analyses.compare("generated", "generator", g, choices, AsyncPolicy.OPT_IN,
                new Runs.Clocking(Clock.VIRTUAL, 1, Optional.empty(), Duration.ofSeconds(15), ShutdownMode.POWEROFF));

        List<Path> files = Analyses.writeTraces(dir, c);

        assertThat(files).hasSize(BuiltInStrategies.ORDER.size());
        int withViolations = 0;
        for (Path f : files) {
            JsonNode t = JSON.readTree(f.toFile());
            String name = t.path("name").asText();
            JsonNode devices = t.path("devices");
            assertThat(devices.size()).as(name).isEqualTo(g.size());

            double makespan = 0;
            for (JsonNode d : devices) {
                makespan = Math.max(makespan, d.path("endMs").asDouble());
            }
            assertThat(t.path("makespanMs").asDouble()).as(name).isCloseTo(makespan, within(US));
            assertThat(t.path("criticalPathMs").asDouble()).as(name).isCloseTo(criticalPath(devices, true), within(US * g.size()));
            assertThat(t.path("allAsyncCriticalPathMs").asDouble()).as(name)
                    .isCloseTo(criticalPath(devices, false), within(US * g.size()));
            int violations = violations(devices);
            assertThat(t.path("orderingViolations").asInt()).as(name).isEqualTo(violations);
            assertThat(t.path("violations").size()).as(name).isEqualTo(violations);
            withViolations += violations > 0 ? 1 : 0;
            assertThat(t.path("peakThreads").asInt()).as(name).isEqualTo(peakThreads(t.path("threadSpans")));
        }
        assertThat(withViolations).as("two-pass breaks on this graph: the check is not vacuous").isPositive();
    }

    /**
     * The longest path of durations through the dependencies; with {@code syncChain}, the sync devices with work also
     * one after another in reverse list order (the list is in order here).
     */
    private static double criticalPath(JsonNode devices, boolean syncChain) {
        int n = devices.size();
        double[] finish = new double[n];
        double longest = 0;
        int previousSync = -1;
        for (int i = n - 1; i >= 0; i--) {
            JsonNode d = devices.get(i);
            double ready = 0;
            for (JsonNode dep : d.path("dependencies")) {
                assertThat(dep.asInt()).as("a dependent stands after its dependency").isGreaterThan(i);
                ready = Math.max(ready, finish[dep.asInt()]);
            }
            boolean work = d.path("hasWork").asBoolean();
            if (syncChain && work && !d.path("async").asBoolean()) {
                if (previousSync >= 0) {
                    ready = Math.max(ready, finish[previousSync]);
                }
                previousSync = i;
            }
            double duration = work ? d.path("endMs").asDouble() - d.path("startMs").asDouble() : 0;
            finish[i] = ready + duration;
            longest = Math.max(longest, finish[i]);
        }
        return longest;
    }

    /** Pairs of devices with work, the dependent reached through devices without work, that ended after the other started. */
    private static int violations(JsonNode devices) {
        int count = 0;
        for (JsonNode p : devices) {
            if (!p.path("hasWork").asBoolean()) {
                continue;
            }
            Set<Integer> seen = new HashSet<>();
            List<Integer> todo = new ArrayList<>();
            p.path("dependencies").forEach(x -> todo.add(x.asInt()));
            while (!todo.isEmpty()) {
                int i = todo.remove(todo.size() - 1);
                if (!seen.add(i)) {
                    continue;
                }
                JsonNode d = devices.get(i);
                if (!d.path("hasWork").asBoolean()) {
                    d.path("dependencies").forEach(x -> todo.add(x.asInt()));
                } else if (d.path("endMs").isNull() || d.path("endMs").asDouble() > p.path("startMs").asDouble()) {
                    count++;
                }
            }
        }
        return count;
    }

    /** The most thread spans open at once, in the order the engine took and gave back threads. */
    private static int peakThreads(JsonNode spans) {
        TreeMap<Long, Integer> events = new TreeMap<>();
        for (JsonNode s : spans) {
            events.merge(s.path("fromSeq").asLong(), 1, Integer::sum);
            events.merge(s.path("toSeq").asLong(), -1, Integer::sum);
        }
        int open = 0;
        int peak = 0;
        for (int delta : events.values()) {
            open += delta;
            peak = Math.max(peak, open);
        }
        return peak;
    }
}
