/**
 * The shutdown model: an immutable {@link org.drivercore.api.shutdown.ShutdownGraph} snapshot of the
 * registry, the {@link org.drivercore.api.shutdown.ShutdownStrategy} service that decides how its callbacks
 * run, and the {@link org.drivercore.api.shutdown.Program}s a strategy hands to the engine: sequences of
 * steps run on the main thread or on the bounded worker pool, whose waits either hold their thread (as a
 * kernel thread in {@code wait_for_completion()} does) or release it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("3.1.0")
package org.drivercore.api.shutdown;
