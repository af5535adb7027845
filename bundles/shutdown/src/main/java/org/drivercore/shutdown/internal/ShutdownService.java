package org.drivercore.shutdown.internal;

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
     * Runs the strategy on the loaded machine on the virtual clock and describes it device by device.
     *
     * @param strategy empty for the configured one
     */
    String plan(Optional<String> strategy);

    /**
     * The system shutdown: blocks probing, runs the strategy on the registry's graph to the final barrier, then
     * powers off (stops the framework), reboots (updates the system bundle) or halts (stops the framework).
     * Runs once: a later call, or the framework stop that follows, does not run it again.
     */
    SystemShutdown shutdown(Optional<String> strategy, ShutdownMode mode, Clock clock, OptionalDouble timescale);

    /** Runs every registered strategy on the same graph. */
    Comparison compare(CompareRequest request);

    /**
     * @param generate a generator spec ({@code devices=200,seed=7,async=0.3}) instead of the loaded machine
     * @param async    the async policy instead of the configured one
     * @param pool     one pool for every strategy instead of {@code pool} / {@code kernel.pool}
     */
    record CompareRequest(Clock clock, OptionalDouble timescale, OptionalInt pool, Optional<String> generate,
            Optional<AsyncPolicy> async) {
    }
}
