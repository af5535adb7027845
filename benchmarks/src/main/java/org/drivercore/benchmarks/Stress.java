package org.drivercore.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.drivercore.api.LatencyModel;
import org.drivercore.api.ShutdownMode;
import org.drivercore.api.shutdown.ShutdownCallback;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownStrategy;
import org.drivercore.shutdown.engine.EngineOptions;
import org.drivercore.shutdown.engine.Environment;
import org.drivercore.shutdown.engine.GraphGenerator;
import org.drivercore.shutdown.engine.NodeRecord;
import org.drivercore.shutdown.engine.OrderingChecker;
import org.drivercore.shutdown.engine.Outcome;
import org.drivercore.shutdown.engine.RealEnvironment;
import org.drivercore.shutdown.engine.RunResult;
import org.drivercore.shutdown.engine.ShutdownEngine;
import org.drivercore.shutdown.engine.VirtualEnvironment;
import org.drivercore.shutdown.strategy.CompletionsStrategy;
import org.drivercore.shutdown.strategy.CookieChainStrategy;
import org.drivercore.shutdown.strategy.DagStrategy;
import org.drivercore.shutdown.strategy.SerialStrategy;

/**
 * The stress run of issue 13, {@code benchmarks/stress}: random graphs from {@link GraphGenerator} on the virtual clock
 * with Fuchsia's random delays (a step delayed by 0–5 ms with a chance of 20 %) and random faults in the drivers'
 * shutdowns (thrown, failed later, completed twice, slower than the hang period, never completed), then random graphs
 * on the real clock with all the machine's cores. Each case comes from its own seed; every strategy that claims an order
 * on that list (serial, completions and cookie-chain on a list in order; dag on any list) is judged by the ordering
 * checker, and every run must end, with exactly one outcome per device and the outcomes its faults imply. A failing
 * case prints its seed, and {@code --replay SEED} runs that case alone.
 */
public final class Stress {

    private static final Duration DEADLINE = Duration.ofSeconds(600);
    /** A safety net on the real clock, where no fault waits: a run it ends is a failure. */
    private static final Duration REAL_DEADLINE = Duration.ofSeconds(10);
    /** A run that has not returned after this long (real time) is a hang. */
    private static final long WATCHDOG_S = 60;
    private static final List<LatencyModel> LATENCIES = List.of(LatencyModel.parse("fixed(10ms)"),
            LatencyModel.parse("uniform(1ms, 50ms)"), LatencyModel.parse("lognormal(median=20ms, sigma=0.5)"),
            LatencyModel.parse("uniform(100us, 900us)"));

    enum Fault { THROWS, FAILS_LATER, COMPLETES_TWICE, SLOWER_THAN_HANG_PERIOD, NEVER_COMPLETES }

    private long runs;
    private long cases;
    private final List<String> failures = new ArrayList<>();
    private final Map<Fault, Long> faults = new EnumMap<>(Fault.class);
    private final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    private ExecutorService watchdog = newWatchdog();

    private static ExecutorService newWatchdog() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "stress-case");
            t.setDaemon(true);
            return t;
        });
    }

    public static void main(String[] args) throws Exception {
        long graphs = 100_000;
        long real = 1_000;
        long seed = System.nanoTime();
        Optional<Long> replay = Optional.empty();
        boolean replayReal = false;
        Duration budget = Duration.ofMinutes(30);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--graphs" -> graphs = Long.parseLong(args[++i]);
                case "--real" -> real = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--replay" -> replay = Optional.of(Long.parseLong(args[++i]));
                case "--replay-real" -> {
                    replay = Optional.of(Long.parseLong(args[++i]));
                    replayReal = true;
                }
                case "--minutes" -> budget = Duration.ofMinutes(Long.parseLong(args[++i]));
                default -> {
                    System.err.println("stress: unknown argument '" + args[i] + "' (--graphs N, --real N, --seed S, "
                            + "--replay SEED, --replay-real SEED, --minutes M)");
                    System.exit(2);
                }
            }
        }
        Stress s = new Stress();
        if (replay.isPresent()) {
            s.runCase(replay.get(), replayReal);
        } else {
            System.out.printf("stress: seed %d, %d virtual-clock graphs, %d real-clock graphs, at most %d min, %d cores%n",
                    seed, graphs, real, budget.toMinutes(), Runtime.getRuntime().availableProcessors());
            long deadline = System.nanoTime() + budget.toNanos();
            Random master = new Random(seed);
            s.phase("virtual", graphs, master, false, deadline);
            s.phase("real", real, master, true, deadline);
        }
        s.watchdog.shutdownNow();
        System.out.println(s.summary());
        System.exit(s.failures.isEmpty() ? 0 : 1);
    }

    private void phase(String name, long count, Random master, boolean realClock, long deadline) {
        long started = System.nanoTime();
        long runsBefore = runs;
        int failuresBefore = failures.size();
        long done = 0;
        for (; done < count && System.nanoTime() < deadline; done++) {
            runCase(master.nextLong(), realClock);
            if ((done + 1) % 10_000 == 0) {
                System.out.printf("  %s: %d cases, %d failures%n", name, done + 1, failures.size());
            }
        }
        System.out.printf("%s clock: %d cases, %d runs judged, %d failures in %.1f s%s%n", name, done, runs - runsBefore,
                failures.size() - failuresBefore, (System.nanoTime() - started) / 1e9,
                done < count ? " (stopped by --minutes)" : "");
    }

    /** One case: a graph, its faults, each strategy that claims an order on it, judged. */
    void runCase(long caseSeed, boolean realClock) {
        cases++;
        Random r = new Random(caseSeed);
        boolean inOrder = r.nextBoolean();
        GraphGenerator.Spec spec = new GraphGenerator.Spec(1 + r.nextInt(realClock ? 30 : 60), 1 + r.nextInt(5),
                1 + r.nextInt(6), r.nextInt(101) / 100.0, r.nextInt(151) / 100.0, r.nextInt(41) / 100.0,
                realClock ? LATENCIES.get(3) : LATENCIES.get(r.nextInt(LATENCIES.size())), r.nextLong(),
                inOrder ? 0 : (5 + r.nextInt(56)) / 100.0);
        ShutdownGraph plain = GraphGenerator.generate(spec);
        Map<Integer, Fault> injected = new java.util.HashMap<>();
        ShutdownGraph g = plain.withCallbacks(n -> {
            if (n.hasWork() && r.nextInt(100) < 3) {
                // On the real clock, no fault that waits for the hang period or the deadline: those are the virtual
                // clock's (a real run would wait them out in real time).
                Fault f = Fault.values()[r.nextInt(realClock ? 3 : Fault.values().length)];
                injected.put(n.index(), f);
                return faulty(f, n.callback());
            }
            return n.callback();
        });
        int pool = 1 + r.nextInt(8);
        long jitter = r.nextLong();
        List<ShutdownStrategy> strategies = inOrder
                ? List.of(new SerialStrategy(), new CompletionsStrategy(), new CookieChainStrategy(), new DagStrategy())
                : List.of(new DagStrategy());
        for (ShutdownStrategy s : strategies) {
            String where = (realClock ? "--replay-real " : "--replay ") + caseSeed + " " + s.name() + " (" + spec + ", pool "
                    + pool + ", faults " + injected + ")";
            Environment env = realClock ? new RealEnvironment(1.0, pool + 1) : new VirtualEnvironment(jitter);
            Duration deadline = realClock ? REAL_DEADLINE : DEADLINE;
            EngineOptions options = new EngineOptions(pool, Optional.of(deadline), EngineOptions.DEFAULT_HANG_PERIOD,
                    ShutdownMode.POWEROFF);
            Future<RunResult> run = watchdog.submit(() -> ShutdownEngine.run(g, s, env, options));
            RunResult result;
            try {
                result = run.get(WATCHDOG_S, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                fail(where, "hang: the run did not return within " + WATCHDOG_S + " s");
                run.cancel(true);
                watchdog.shutdownNow(); // its thread may stay stuck in the hung run: the next runs get a new one
                watchdog = newWatchdog();
                continue;
            } catch (Exception e) {
                fail(where, "the run threw " + e.getCause());
                continue;
            }
            runs++;
            judge(where, g, result, injected, deadline);
        }
        injected.values().forEach(f -> faults.merge(f, 1L, Long::sum));
    }

    private void judge(String where, ShutdownGraph g, RunResult result, Map<Integer, Fault> injected, Duration deadline) {
        if (result.records().size() != g.size()) {
            fail(where, result.records().size() + " records for " + g.size() + " devices");
            return;
        }
        for (int i = 0; i < g.size(); i++) {
            NodeRecord rec = result.record(i);
            if (rec.index() != i || rec.outcome() == null) {
                fail(where, "device " + i + ": record " + rec);
                return;
            }
            outcomes.merge(rec.outcome(), 1L, Long::sum);
        }
        OrderingChecker.check(g, result).stream().findFirst().ifPresent(v -> fail(where, "violation: " + v));
        boolean never = injected.containsValue(Fault.NEVER_COMPLETES);
        if (never != result.deadlineHit()) {
            fail(where, never ? "a shutdown never completed and the deadline did not end the run"
                    : "the deadline ended a run where every shutdown completes (a hang): " + result.waitCycle());
        }
        if (never && result.makespanNanos() != deadline.toNanos()) {
            fail(where, "the barrier released at " + result.makespanNanos() + " ns, not at the deadline");
        }
        injected.forEach((index, f) -> {
            Outcome o = result.record(index).outcome();
            Outcome expected = switch (f) {
                case THROWS, FAILS_LATER -> Outcome.FAILED;
                case COMPLETES_TWICE, SLOWER_THAN_HANG_PERIOD -> Outcome.DONE;
                case NEVER_COMPLETES -> Outcome.TIMED_OUT;
            };
            // With a never-completing device, the deadline may end any other device's work first.
            boolean cut = never && (o == Outcome.TIMED_OUT || o == Outcome.SKIPPED);
            if (o != expected && !cut) {
                fail(where, "device " + index + " with fault " + f + " ended " + o + ", not " + expected);
            }
        });
    }

    /** The device's work with a fault: the real work's stage (or none) plus what the fault does. */
    private static ShutdownCallback faulty(Fault f, ShutdownCallback work) {
        return ctx -> switch (f) {
            case THROWS -> throw new IllegalStateException("injected: the driver's shutdown throws");
            case FAILS_LATER -> ctx.sleep(Duration.ofMillis(1)).thenRun(() -> {
                throw new IllegalStateException("injected: the driver's shutdown fails later");
            });
            case COMPLETES_TWICE -> {
                CompletableFuture<Void> stage = new CompletableFuture<>();
                ctx.sleep(Duration.ofMillis(1)).thenRun(() -> {
                    stage.complete(null);
                    stage.complete(null);
                    stage.obtrudeException(new IllegalStateException("injected: a second, forced completion"));
                });
                yield stage;
            }
            case SLOWER_THAN_HANG_PERIOD -> ctx.sleep(EngineOptions.DEFAULT_HANG_PERIOD.plusSeconds(1));
            case NEVER_COMPLETES -> new CompletableFuture<>();
        };
    }

    private void fail(String where, String what) {
        String line = "FAILED " + where + ": " + what;
        failures.add(line);
        System.out.println(line);
    }

    private String summary() {
        return String.format("stress: %d cases, %d runs judged, %d failures; faults injected %s; outcomes %s%s", cases,
                runs, failures.size(), faults, outcomes, failures.isEmpty() ? "" : "\n" + String.join("\n", failures));
    }
}
