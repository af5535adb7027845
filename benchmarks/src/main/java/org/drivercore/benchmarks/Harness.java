package org.drivercore.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.shutdown.engine.EngineOptions;
import org.drivercore.shutdown.engine.GraphGenerator;
import org.drivercore.shutdown.engine.RealEnvironment;
import org.drivercore.shutdown.engine.RunResult;
import org.drivercore.shutdown.engine.ShutdownEngine;
import org.drivercore.shutdown.strategy.DagStrategy;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Every figure of benchmarks/README.md in one command, from the project root: {@code benchmarks/run [--quick]}. The
 * makespan harness drives the distribution's own {@code bin/drivercore compare} (real and virtual clocks, every
 * strategy, the pools); the rest are JMH benchmarks and in-process measures. {@code --quick} runs smaller sizes and
 * fewer iterations, for CI: its figures show that everything runs, not what the figures are.
 */
public final class Harness {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path LAUNCHER = Path.of("distribution/target/drivercore/bin/drivercore");
    private static final Path SHARED = Path.of("../shared/data/topologies");
    private static final Path KEPT = Path.of("bundles/topology/src/test/resources/org/drivercore/topology/imports/real");

    private final boolean quick;
    private final StringBuilder out = new StringBuilder();

    private Harness(boolean quick) {
        this.quick = quick;
    }

    /** The sections, by the name {@code --only} takes. */
    private static final List<String> SECTIONS = List.of("real", "pools", "threads", "heap", "start", "jmh");

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        List<String> only = new ArrayList<>(SECTIONS);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick")) {
                quick = true;
            } else if (args[i].equals("--only") && i + 1 < args.length && SECTIONS.containsAll(List.of(args[i + 1].split(",")))) {
                only = List.of(args[++i].split(","));
            } else {
                System.err.println("benchmarks: unknown argument '" + args[i] + "' (usage: benchmarks/run [--quick] "
                        + "[--only SECTION,...] with the sections " + String.join(", ", SECTIONS) + ")");
                System.exit(2);
            }
        }
        if (!Files.isExecutable(LAUNCHER)) {
            System.err.println("benchmarks: " + LAUNCHER + " is missing: run from the project root after mvn package");
            System.exit(1);
        }
        Harness h = new Harness(quick);
        h.machine();
        if (only.contains("real")) {
            h.realClock();
        }
        if (only.contains("pools")) {
            h.pools();
        }
        if (only.contains("threads")) {
            h.liveThreads();
        }
        if (only.contains("heap")) {
            h.retainedHeap();
        }
        if (only.contains("start")) {
            h.coldStart();
        }
        if (only.contains("jmh")) {
            h.jmh();
        }
        Path results = Path.of("benchmarks/target/results" + (quick ? "-quick" : "") + ".md");
        Files.writeString(results, h.out, StandardCharsets.UTF_8);
        System.out.println("\nwritten to " + results);
    }

    private void print(String line) {
        System.out.println(line);
        out.append(line).append('\n');
    }

    private void machine() {
        print("# drivercore benchmarks" + (quick ? " (--quick)" : ""));
        print("");
        print(String.format(Locale.ROOT, "%d cores, %d MiB max heap, %s %s, %s", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.name"), System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch")));
    }

    // ---------------------------------------------------------------- 1. real-clock makespan against the critical path

    private void realClock() throws Exception {
        print("");
        print("## 1. Real clock: makespan against the critical path (dag ≤ 1.02 × CP + 2 ms)");
        print("");
        print("| machine | devices | strategy | makespan | critical path | ratio | dag − CP | engine hand-off |");
        print("|---|---|---|---|---|---|---|---|");
        List<List<String>> machines = new ArrayList<>();
        machines.add(List.of("default machine"));
        for (Path dir : List.of(SHARED, KEPT)) {
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    files.filter(p -> !p.toString().endsWith(".md")).sorted().limit(quick ? 1 : 20)
                            .forEach(p -> machines.add(List.of("--machine", p.toAbsolutePath().toString())));
                }
                break;
            }
        }
        for (int n : quick ? new int[] {1000} : new int[] {1000, 10_000}) {
            machines.add(List.of("--generate", "devices=" + n + ",seed=1,async=0.5,links=0.3,latency=uniform(10ms, 50ms)"));
        }
        for (List<String> m : machines) {
            List<String> args = new ArrayList<>();
            boolean generated = m.get(0).equals("--generate");
            if (m.size() == 2 && !generated) {
                args.addAll(m);
            }
            args.addAll(List.of("compare", "--clock", "real", "--timescale", "0.05", "--json"));
            if (generated) {
                args.addAll(m);
            }
            JsonNode doc = JSON.readTree(launch(args).stdout);
            String name = m.size() == 1 ? m.get(0) : generated ? "generated " + m.get(1).split(",")[0]
                    : Path.of(m.get(1)).getFileName().toString();
            for (JsonNode s : doc.path("strategies")) {
                double ms = s.path("makespanMs").asDouble();
                double cp = s.path("criticalPathMs").asDouble();
                print(String.format(Locale.ROOT, "| %s | %d | %s | %.1f ms | %.1f ms | %.3f | %s | %.1f ms |", name,
                        doc.path("devices").asInt(), s.path("name").asText(), ms, cp, s.path("ratioToCriticalPath").asDouble(),
                        s.path("name").asText().equals("dag") ? String.format(Locale.ROOT, "%.1f ms", ms - cp) : "",
                        s.path("engineHandOffMs").asDouble()));
            }
        }
    }

    // ---------------------------------------------------------------- 2. bounded pools

    private void pools() throws Exception {
        print("");
        print("## 2. Bounded pool: default machine, virtual clock, each strategy with its kernel's flags");
        print("");
        print("| pool | serial | two-pass | cookie-chain | completions | dag | threads (cookie-chain / completions / dag) |");
        print("|---|---|---|---|---|---|---|");
        for (int pool : new int[] {1, 2, 4, 16, 256}) {
            JsonNode doc = JSON.readTree(launch(List.of("compare", "--clock", "virtual", "--pool", String.valueOf(pool),
                    "--json")).stdout);
            StringBuilder row = new StringBuilder("| " + pool + " |");
            StringBuilder threads = new StringBuilder();
            for (JsonNode s : doc.path("strategies")) {
                row.append(String.format(Locale.ROOT, " %.1f ms |", s.path("makespanMs").asDouble()));
                if (List.of("cookie-chain", "completions", "dag").contains(s.path("name").asText())) {
                    threads.append(threads.length() == 0 ? "" : " / ").append(s.path("peakThreads").asInt());
                }
            }
            print(row + " " + threads + " |");
        }
    }

    // ---------------------------------------------------------------- 4. live threads

    private void liveThreads() {
        print("");
        print("## 4. Peak live threads of a real-clock dag run (≤ pool + a small constant)");
        print("");
        print("| devices | pool | JVM threads before | peak during the run | OS threads at the peak sample | emulated threads |");
        print("|---|---|---|---|---|---|");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int n : quick ? new int[] {1000} : new int[] {1000, 10_000}) {
            for (int pool : new int[] {2, 16}) {
                ShutdownGraph graph = GraphGenerator.generate("devices=" + n + ",seed=1,async=0.5,links=0.3,"
                        + "latency=uniform(10ms, 50ms)");
                int before = mx.getThreadCount();
                mx.resetPeakThreadCount();
                int[] osPeak = {osThreads()};
                Thread sampler = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        osPeak[0] = Math.max(osPeak[0], osThreads());
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                sampler.start();
                RunResult r = ShutdownEngine.run(graph, new DagStrategy(), new RealEnvironment(0.002, pool + 1),
                        EngineOptions.of(pool));
                sampler.interrupt();
                print(String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %d |", n, pool, before, mx.getPeakThreadCount(),
                        osPeak[0], r.peakThreads()));
            }
        }
        print("");
        print("The JVM's count includes this harness's sampler and the environment's timer thread.");
    }

    private static int osThreads() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring(8).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    // ---------------------------------------------------------------- 5. retained heap

    private void retainedHeap() {
        int n = quick ? 100_000 : 1_000_000;
        print("");
        print("## 5. Retained heap per registered device (≤ 400 B)");
        print("");
        print(String.format(Locale.ROOT, "%,d devices registered and bound: %.0f B per device; with two recorded properties on "
                + "half of them, %.0f B", n, RetainedHeap.perDevice(n, false), RetainedHeap.perDevice(n, true)));
    }

    // ---------------------------------------------------------------- 6. cold start

    private void coldStart() throws Exception {
        int runs = quick ? 3 : 10;
        long[] first = new long[runs];
        long[] exit = new long[runs];
        for (int i = 0; i < runs; i++) {
            Launch l = launch(List.of("devices"));
            first[i] = l.firstOutputNanos;
            exit[i] = l.exitNanos;
        }
        print("");
        print("## 6. Cold start: `bin/drivercore devices`, median of " + runs + " (first output ≤ 1 s)");
        print("");
        print(String.format(Locale.ROOT, "first output %s; exit %s", spread(first), spread(exit)));
    }

    private static String spread(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "median %.0f ms (min %.0f, max %.0f)", s[s.length / 2] / 1e6, s[0] / 1e6,
                s[s.length - 1] / 1e6);
    }

    // ---------------------------------------------------------------- 3, 7, 8: JMH

    private void jmh() throws RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(EngineBenchmark.class.getSimpleName())
                .include(ThreadPerDeviceBenchmark.class.getSimpleName())
                .include(RegistryBenchmark.class.getSimpleName())
                .include("ImportBenchmark")
                .shouldFailOnError(true);
        if (quick) {
            o.warmupIterations(1).measurementIterations(2).warmupTime(TimeValue.seconds(1))
                    .measurementTime(TimeValue.seconds(1)).param("devices", "10000");
        }
        print("");
        print("## 3, 7, 8. JMH: engine per device, registry load and hot-swap, import (see the sections of README.md)");
        print("");
        print("| benchmark | devices | mode | score | error | unit |");
        print("|---|---|---|---|---|---|");
        for (var r : new Runner(o.build()).run()) {
            var p = r.getPrimaryResult();
            print(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f | %s |", r.getParams().getBenchmark()
                    .replaceFirst(".*\\.(\\w+\\.\\w+)$", "$1"), r.getParams().getParam("devices"), r.getParams().getMode(),
                    p.getScore(), p.getScoreError(), p.getScoreUnit()));
        }
    }

    // ---------------------------------------------------------------- the distribution

    private record Launch(String stdout, long firstOutputNanos, long exitNanos) {
    }

    private static Launch launch(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(args);
        ProcessBuilder b = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        b.environment().put("DRIVERCORE_LOG", "error");
        long start = System.nanoTime();
        Process p = b.start();
        long first = -1;
        StringBuilder text = new StringBuilder();
        try (InputStream in = p.getInputStream()) {
            byte[] buffer = new byte[8192];
            for (int k = in.read(buffer); k >= 0; k = in.read(buffer)) {
                if (first < 0) {
                    first = System.nanoTime() - start;
                }
                text.append(new String(buffer, 0, k, StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("drivercore " + String.join(" ", args) + " failed (exit "
                    + (p.isAlive() ? "none" : p.exitValue()) + ")");
        }
        return new Launch(text.toString(), first, System.nanoTime() - start);
    }
}
