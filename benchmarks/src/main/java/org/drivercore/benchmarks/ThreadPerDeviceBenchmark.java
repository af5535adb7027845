package org.drivercore.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
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
 * The baseline of the v8/v9 series: a kernel thread per device (async_schedule), each waiting on its children's and
 * consumers' completions before it runs its callback. The same graph and no-op callbacks as {@link EngineBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=error")
public class ThreadPerDeviceBenchmark {

    @Param({"10000"})
    public int devices;

    private ShutdownGraph graph;

    @Setup(Level.Trial)
    public void graph() {
        graph = EngineBenchmark.generated(devices);
    }

    @Benchmark
    public long threadPerDevice() throws InterruptedException {
        int n = graph.size();
        CountDownLatch[] done = new CountDownLatch[n];
        for (int i = 0; i < n; i++) {
            done[i] = new CountDownLatch(1);
        }
        Thread[] threads = new Thread[n];
        for (int i = n - 1; i >= 0; i--) {
            ShutdownNode node = graph.node(i);
            threads[i] = new Thread(() -> {
                try {
                    for (ShutdownNode d : graph.dependencies(node)) {
                        done[d.index()].await();
                    }
                    if (node.hasWork()) {
                        node.callback().run(EngineBenchmark.NoContext.INSTANCE).toCompletableFuture().join();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done[node.index()].countDown();
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return n;
    }
}
