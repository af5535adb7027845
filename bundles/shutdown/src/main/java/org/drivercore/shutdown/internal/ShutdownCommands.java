package org.drivercore.shutdown.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.drivercore.api.ShutdownMode;
import org.drivercore.common.gogo.Usage;
import org.drivercore.common.json.Json;
import org.drivercore.shutdown.engine.EngineOptions;
import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.shutdown.engine.RealEnvironment;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands of the shutdown coordinator, scope {@code dc}: {@code plan}, {@code shutdown}, {@code compare}.
 * Each returns its output as a string; {@code compare --json} returns exactly one JSON document. Usage errors are
 * {@link IllegalArgumentException}s that name the argument.
 */
@Component(service = ShutdownCommands.class)
@GogoCommand(scope = "dc", function = { "plan", "shutdown", "compare", "advise", "report", "demo" })
public final class ShutdownCommands {

    private static final String NONE = "";

    private final ShutdownService service;

    @Activate
    public ShutdownCommands(@Reference(name = "service") ShutdownService service) {
        this.service = service;
    }

    @Descriptor("show how a strategy shuts the loaded machine down: each device's start, end, thread and waits "
            + "(a run on the virtual clock; nothing is shut down)")
    public String plan(
            @Descriptor("the strategy (default: the configured one)") @Parameter(names = "--strategy",
                    absentValue = NONE) String strategy,
            @Descriptor("the worker pool (default: the strategy's configured one)") @Parameter(names = "--pool",
                    absentValue = NONE) String pool,
            @Descriptor("the async policy: as-kernel, opt-in, all or off (default: configured, as-kernel)")
            @Parameter(names = "--async", absentValue = NONE) String async,
            @Descriptor("a generated graph instead of the loaded machine, e.g. devices=200,seed=7,async=0.3")
            @Parameter(names = "--generate", absentValue = NONE) String generate,
            @Descriptor("print the run as one JSON trace (what compare --trace writes)") @Parameter(names = "--json",
                    presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("nothing else is taken") String... unexpected) {
        Usage.noMore(ShutdownCommands.class, "plan", unexpected);
        return service.plan(new ShutdownService.PlanRequest(optional(strategy), pool(pool), asyncPolicy(async),
                optional(generate), json));
    }

    @Descriptor("shut the devices down with a strategy, then power off, reboot or halt the container")
    public String shutdown(
            @Descriptor("the strategy (default: the configured one)") @Parameter(names = "--strategy",
                    absentValue = NONE) String strategy,
            @Descriptor("poweroff (default), reboot, halt or kexec") @Parameter(names = "--mode", absentValue = NONE)
            String mode,
            @Descriptor("the same as --mode reboot") @Parameter(names = "--reboot", presentValue = "true",
                    absentValue = "false") boolean reboot,
            @Descriptor("the same as --mode halt") @Parameter(names = "--halt", presentValue = "true",
                    absentValue = "false") boolean halt,
            @Descriptor("real (default: emulated latencies times the time scale) or virtual (instant)")
            @Parameter(names = "--clock", absentValue = "real") String clock,
            @Descriptor("real time per emulated time with --clock real (default: configured, 0.1)")
            @Parameter(names = "--timescale", absentValue = NONE) String timescale,
            @Descriptor("nothing else is taken") String... unexpected) {
        Usage.noMore(ShutdownCommands.class, "shutdown", unexpected);
        return service.shutdown(optional(strategy), mode(mode, reboot, halt), Clock.parse("--clock", clock),
                timescale(timescale)).toText();
    }

    @Descriptor("run every registered strategy on the same graph, each with its own kernel generation's async flags: "
            + "makespan, critical path, ratio, peak threads, ordering violations, deadlocks, the reversed list, outcomes")
    public String compare(
            @Descriptor("virtual (default: instant, deterministic) or real") @Parameter(names = "--clock",
                    absentValue = "virtual") String clock,
            @Descriptor("real time per emulated time with --clock real (default: configured, 0.1)")
            @Parameter(names = "--timescale", absentValue = NONE) String timescale,
            @Descriptor("one worker pool size for every strategy (default: pool for dag, kernel.pool for the "
                    + "kernel-emulating strategies)") @Parameter(names = "--pool", absentValue = NONE) String pool,
            @Descriptor("a generated graph instead of the loaded machine, e.g. devices=200,seed=7,async=0.3")
            @Parameter(names = "--generate", absentValue = NONE) String generate,
            @Descriptor("the async policy: as-kernel, opt-in, all or off (default: configured, as-kernel)")
            @Parameter(names = "--async", absentValue = NONE) String async,
            @Descriptor("a directory to write one JSON trace per strategy into") @Parameter(names = "--trace",
                    absentValue = NONE) String trace,
            @Descriptor("print one JSON document") @Parameter(names = "--json", presentValue = "true",
                    absentValue = "false") boolean json,
            @Descriptor("nothing else is taken") String... unexpected) {
        Usage.noMore(ShutdownCommands.class, "compare", unexpected);
        Clock chosen = Clock.parse("--clock", clock);
        // On the real clock a comparison takes the machine's time five times over: its progress goes to standard error,
        // for a person (with --json, a program reads the result: no progress, and nothing drawn during timed runs).
        Optional<Progress.Console> progress = chosen == Clock.REAL && !json
                ? Optional.of(new Progress.Console(System.err, System.console() != null, 0)) : Optional.empty();
        Comparison c = service.compare(new ShutdownService.CompareRequest(chosen, timescale(timescale),
                pool(pool), optional(generate), asyncPolicy(async), optional(trace).map(java.nio.file.Path::of), progress));
        return json ? Json.write(c.toJson()) : c.toText();
    }

    @Descriptor("which driver, opting in to async shutdown (dev_set_async_shutdown()), would shorten the loaded "
            + "machine's shutdown most under v18 (completions) and under dag, and which driver's shutdown, were it "
            + "instant, would; each gain measured by running the strategy again on the virtual clock")
    public String advise(
            @Descriptor("how many candidates each table shows (default 10)") @Parameter(names = "--top",
                    absentValue = "10") String top,
            @Descriptor("print one JSON document with every candidate") @Parameter(names = "--json",
                    presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("nothing else is taken") String... unexpected) {
        Usage.noMore(ShutdownCommands.class, "advise", unexpected);
        int shown = top(top);
        Advice.Result r = service.advise();
        return json ? Json.write(AdviceReport.json(r)) : AdviceReport.text(r, shown);
    }

    @Descriptor("write the pictures of this session's last shutdown, compare or plan: its timeline as SVG (dag's run "
            + "for a compare), its trace in Chrome's trace-event format (Perfetto, chrome://tracing), its JSON summary")
    public String report(
            @Descriptor("the timeline, SVG: a row per device with work, the critical path outlined")
            @Parameter(names = "--svg", absentValue = NONE) String svg,
            @Descriptor("the trace, JSON for ui.perfetto.dev: a track per thread and per device, arrows for the waits")
            @Parameter(names = "--trace", absentValue = NONE) String trace,
            @Descriptor("the summary, JSON (what --json printed)") @Parameter(names = "--json", absentValue = NONE)
            String json,
            @Descriptor("nothing else is taken") String... unexpected) {
        Usage.noMore(ShutdownCommands.class, "report", unexpected);
        return String.join("\n", service.report(optional(svg).map(java.nio.file.Path::of),
                optional(trace).map(java.nio.file.Path::of), optional(json).map(java.nio.file.Path::of)));
    }

    @Descriptor("the tour: every strategy on the loaded machine (virtual clock) in a table, six files in a directory "
            + "(summary.txt, summary.json, timeline.svg, trace.json, critical-path.txt, advice.txt), then the power-off "
            + "through the configured strategy on the real clock, with its progress")
    public String demo(
            @Descriptor("the directory to write the six files into (default: drivercore-report)")
            @Parameter(names = "--out", absentValue = "drivercore-report") String out,
            @Descriptor("real time per emulated time of the power-off (default: configured, 0.1)")
            @Parameter(names = "--timescale", absentValue = NONE) String timescale,
            @Descriptor("nothing else is taken") String... unexpected) throws java.io.IOException {
        Usage.noMore(ShutdownCommands.class, "demo", unexpected);
        OptionalDouble scale = timescale(timescale);
        java.nio.file.Path dir = java.nio.file.Path.of(out);
        if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out: " + dir + " is a file, not a directory");
        }
        Comparison c = service.compare(new ShutdownService.CompareRequest(Clock.VIRTUAL, OptionalDouble.empty(),
                OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        String table = DemoReport.text(c);
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.writeString(dir.resolve("summary.txt"), table);
        service.report(Optional.of(dir.resolve("timeline.svg")), Optional.of(dir.resolve("trace.json")),
                Optional.of(dir.resolve("summary.json")));
        CriticalPathReport.Result path = service.criticalPath(Optional.empty());
        java.nio.file.Files.writeString(dir.resolve("critical-path.txt"), CriticalPathReport.text(path));
        java.nio.file.Files.writeString(dir.resolve("advice.txt"), AdviceReport.text(service.advise(), 10));
        // The files are written before the power-off begins (it stops the container); its progress goes to standard
        // error as it runs, the table and the power-off's summary to the command's output.
        Progress.Console console = new Progress.Console(System.err, System.console() != null, path.criticalPathNanos());
        SystemShutdown done = service.shutdown(Optional.empty(), ShutdownMode.POWEROFF, Clock.REAL, scale, console);
        if (console.terminal()) {
            // A device skipped or timed out never reports its end: the in-place line ends here.
            System.err.println();
        }
        return table + "wrote summary.txt, summary.json, timeline.svg, trace.json, critical-path.txt and advice.txt to "
                + dir.toAbsolutePath() + "\n" + done.toText();
    }

    // ---------------------------------------------------------------- arguments

    static int top(String text) {
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("--top: '" + text + "' is not a whole number of candidates from 1 up");
    }

    /** One mode from --mode, --reboot or --halt; two of them are a usage error even when they agree. */
    private static ShutdownMode mode(String mode, boolean reboot, boolean halt) {
        List<String> given = new ArrayList<>();
        if (!NONE.equals(mode)) {
            given.add("--mode " + mode);
        }
        if (reboot) {
            given.add("--reboot");
        }
        if (halt) {
            given.add("--halt");
        }
        if (given.size() > 1) {
            throw new IllegalArgumentException("shutdown: " + String.join(" and ", given)
                    + " each choose the mode; give one (usage: " + Usage.of(ShutdownCommands.class, "shutdown") + ")");
        }
        if (reboot) {
            return ShutdownMode.REBOOT;
        }
        if (halt) {
            return ShutdownMode.HALT;
        }
        return NONE.equals(mode) ? ShutdownMode.POWEROFF : Modes.parse("--mode", mode);
    }

    private static Optional<String> optional(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    static OptionalDouble timescale(String text) {
        if (text == null || text.isBlank()) {
            return OptionalDouble.empty();
        }
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--timescale: '" + text + "' is not a number (e.g. 0.01)");
        }
        if (!RealEnvironment.validScale(v)) {
            throw new IllegalArgumentException("--timescale: " + RealEnvironment.scaleProblem(text));
        }
        return OptionalDouble.of(v);
    }

    static OptionalInt pool(String text) {
        if (text == null || text.isBlank()) {
            return OptionalInt.empty();
        }
        int v;
        try {
            v = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--pool: '" + text + "' is not a whole number of workers");
        }
        if (v < 1 || v > EngineOptions.MAX_POOL) {
            throw new IllegalArgumentException("--pool: " + v + " is not a number of workers from 1 to " + EngineOptions.MAX_POOL);
        }
        return OptionalInt.of(v);
    }

    static Optional<AsyncPolicy> asyncPolicy(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(AsyncPolicy.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--async: " + e.getMessage(), e);
        }
    }
}
