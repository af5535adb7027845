package org.drivercore.shutdown.internal;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import org.drivercore.api.ShutdownMode;
import org.drivercore.api.shutdown.AsyncPolicy;

/**
 * What the shutdown coordinator offers the {@code dc:} commands (a service of this bundle only: the package is
 * private). Usage errors are {@link IllegalArgumentException}s that name the argument.
 */
interface ShutdownService {

    /**
     * Runs one strategy on the loaded machine (or a generated graph) on the virtual clock, and describes it device by
     * device: as text, or as the JSON trace {@code compare --trace} writes.
     */
    String plan(PlanRequest request);

    /**
     * The system shutdown: blocks probing, runs the strategy on the registry's graph to the final barrier, then
     * powers off (stops the framework), reboots or kexecs (updates the system bundle) or halts (stops the framework).
     * Runs once: a later call, or the framework stop that follows, does not run it again.
     */
    default SystemShutdown shutdown(Optional<String> strategy, ShutdownMode mode, Clock clock, OptionalDouble timescale) {
        return shutdown(strategy, mode, clock, timescale, null);
    }

    /** The same, its progress shown on a console as devices finish (null: the log only). */
    SystemShutdown shutdown(Optional<String> strategy, ShutdownMode mode, Clock clock, OptionalDouble timescale,
            Progress.Console progress);

    /** Runs every registered strategy on the same graph. */
    Comparison compare(CompareRequest request);

    /**
     * Which driver's async opt-in, and which driver's instant shutdown, would shorten the loaded machine's shutdown most
     * under v18 ({@code completions}) and under {@code dag}, each measured by a run on the virtual clock.
     */
    Advice.Result advise();

    /**
     * Writes the timeline (SVG), the trace (Chrome trace events) and the JSON summary of the session's last shutdown,
     * comparison or plan, those asked for; one line per file written.
     */
    List<String> report(Optional<java.nio.file.Path> svg, Optional<java.nio.file.Path> trace, Optional<java.nio.file.Path> json);

    /** The chain of devices that sets the strategy's critical path on the loaded machine (a virtual-clock run). */
    CriticalPathReport.Result criticalPath(Optional<String> strategy);

    /**
     * @param strategy empty for the configured one
     * @param pool     instead of the strategy's configured pool
     * @param async    the async policy instead of the configured one
     * @param generate a generator spec instead of the loaded machine
     * @param json     the JSON trace instead of the text
     */
    record PlanRequest(Optional<String> strategy, OptionalInt pool, Optional<AsyncPolicy> async, Optional<String> generate,
            boolean json) {
    }

    /**
     * @param generate a generator spec ({@code devices=200,seed=7,async=0.3}) instead of the loaded machine
     * @param async    the async policy instead of the configured one
     * @param pool     one pool for every strategy instead of {@code pool} / {@code kernel.pool}
     * @param trace    a directory to write one JSON trace per strategy into
     */
    record CompareRequest(Clock clock, OptionalDouble timescale, OptionalInt pool, Optional<String> generate,
            Optional<AsyncPolicy> async, Optional<java.nio.file.Path> trace, Optional<Progress.Console> progress) {
    }
}
