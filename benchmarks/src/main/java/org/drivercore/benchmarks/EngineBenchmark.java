package org.drivercore.benchmarks;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.drivercore.api.ShutdownContext;
import org.drivercore.api.ShutdownMode;
import org.drivercore.api.shutdown.ShutdownCallback;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.shutdown.engine.EngineOptions;
import org.drivercore.shutdown.engine.GraphGenerator;
import org.drivercore.shutdown.engine.ShutdownEngine;
import org.drivercore.shutdown.strategy.DagStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's own cost per device (issue 10, figure 3): a whole {@code dag} run on the virtual clock of a generated
 * graph whose callbacks do nothing, against the limit, a bare reverse walk of the list that calls the same callbacks
 * and records the same trace (start, end, thread of each device). Divided by the graph's size, so the figure is
 * nanoseconds per device. Thread-per-device, as the v8/v9 series ran, is in {@link ThreadPerDeviceBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"})
public class EngineBenchmark {

    @Param({"10000", "100000", "1000000"})
    public int devices;

    ShutdownGraph graph;
    private final DagStrategy dag = new DagStrategy();

    /** Does nothing and completes at once. */
    static final ShutdownCallback NO_OP = context -> CompletableFuture.completedFuture(null);

    @Setup(Level.Trial)
    public void graph() {
        graph = generated(devices);
    }

    /** A generated tree with links and async devices, every callback a no-op. */
    static ShutdownGraph generated(int devices) {
        return GraphGenerator.generate("devices=" + devices + ",seed=1,async=0.5,links=0.3,latency=fixed(0ms)")
                .withCallbacks(n -> NO_OP);
    }

    @Benchmark
    public long dag() {
        return ShutdownEngine.runVirtual(graph, dag, EngineOptions.of(2)).makespanNanos();
    }

    /** The limit: the list walked from the tail, each callback called, its start, end and thread recorded. */
    @Benchmark
    public long bareReverseWalk() {
        return walk(graph);
    }

    static long walk(ShutdownGraph graph) {
        int n = graph.size();
        long[] start = new long[n];
        long[] end = new long[n];
        int[] thread = new int[n];
        long clock = 0;
        for (int i = n - 1; i >= 0; i--) {
            ShutdownNode node = graph.node(i);
            start[i] = clock;
            if (node.hasWork()) {
                node.callback().run(NoContext.INSTANCE).toCompletableFuture().join();
            }
            end[i] = clock;
            thread[i] = 0;
        }
        return end[0] + start[n - 1] + thread[n / 2];
    }

    /** The context a no-op callback never uses. */
    enum NoContext implements ShutdownContext {
        INSTANCE;

        @Override
        public ShutdownMode mode() {
            return ShutdownMode.POWEROFF;
        }

        @Override
        public CompletionStage<Void> sleep(Duration duration) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Boolean> pollUntil(BooleanSupplier condition, Duration interval, Duration timeout) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public Duration elapsed() {
            return Duration.ZERO;
        }

        @Override
        public Optional<Duration> remaining() {
            return Optional.empty();
        }

        @Override
        public void note(String text) {
        }
    }
}
