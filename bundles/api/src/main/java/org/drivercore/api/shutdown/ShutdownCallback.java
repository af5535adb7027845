package org.drivercore.api.shutdown;

import java.util.concurrent.CompletionStage;

import org.drivercore.api.ShutdownContext;

/**
 * A device's shutdown work, Linux's chain: the class's {@code shutdown_pre} if it has one, then the bus's
 * {@code shutdown} if the bus has one, else the driver's.
 */
@org.osgi.annotation.versioning.ConsumerType
@FunctionalInterface
public interface ShutdownCallback {

    /** Starts the work; the stage completes when it is done (exceptionally if it failed). */
    CompletionStage<Void> run(ShutdownContext context);
}
