package org.drivercore.api;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * What a driver or bus gets while it shuts a device down. All waiting goes through here: with the real
 * scheduler waits are timers; with the virtual scheduler time is simulated. Whether a wait holds a worker
 * thread (as a kernel thread would) is the strategy's choice, not the driver's.
 */
@org.osgi.annotation.versioning.ProviderType
public interface ShutdownContext {

    /** Emulated time since the shutdown started. */
    Duration elapsed();

    /** Time left before the system deadline, if one is set. */
    Optional<Duration> remaining();

    /** Power-off, reboot or halt. */
    ShutdownMode mode();

    /**
     * Notes something the shutdown of this device did (a command sent, a timeout hit), in its trace and in the
     * debug log, at the emulated time now.
     */
    void note(String event);

    /** Completes after the given emulated time. */
    CompletionStage<Void> sleep(Duration duration);

    /**
     * Waits for the work at most {@code timeout}, as {@code wait_for_completion_timeout()} does: completes with
     * {@code true} when the work completed in time, {@code false} when the timeout passed first, and fails as the work
     * failed.
     */
    default CompletionStage<Boolean> within(CompletionStage<?> work, Duration timeout) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        work.whenComplete((v, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(true);
            }
        });
        if (!result.isDone()) {
            sleep(timeout).thenRun(() -> result.complete(false));
        }
        return result;
    }

    /**
     * Polls the condition every {@code interval} until it holds (completes with {@code true}) or
     * {@code timeout} has passed (completes with {@code false}), as a driver polls a status register.
     */
    CompletionStage<Boolean> pollUntil(BooleanSupplier condition, Duration interval, Duration timeout);
}
