package org.drivercore.api.shutdown;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceClass;
import org.drivercore.api.Driver;

/**
 * A device's shutdown work as Linux's {@code device_shutdown()} chains it: the class's {@code shutdown_pre} if the
 * class has one; then the bus's {@code shutdown} if the bus has one, bound or not (the bus hook copes without a
 * driver, as {@code pci_device_shutdown()} does), else the bound driver's. None of them: no work, an ordering-only
 * node. The kernel ignores {@code shutdown_pre}'s result and goes on: a failed pre does not skip the bus or driver
 * shutdown, but the device's outcome still says it failed (with both failures if both failed).
 */
public final class ShutdownChain {

    private ShutdownChain() {
    }

    /** The device's work, or empty when it has none. */
    public static Optional<ShutdownCallback> of(Device d, Optional<DeviceClass> deviceClass, Optional<Driver> driver,
            Optional<BusType> bus) {
        ShutdownCallback main = null;
        if (bus.isPresent() && bus.get().hasShutdown()) {
            BusType b = bus.get();
            Driver drv = driver.orElse(null);
            main = ctx -> b.shutdown(d, drv, ctx);
        } else if (driver.isPresent() && driver.get().hasShutdown()) {
            Driver drv = driver.get();
            main = ctx -> drv.shutdown(d, ctx);
        }
        if (deviceClass.isEmpty() || !deviceClass.get().hasShutdownPre()) {
            return Optional.ofNullable(main);
        }
        DeviceClass c = deviceClass.get();
        if (main == null) {
            return Optional.of(ctx -> c.shutdownPre(d, ctx));
        }
        ShutdownCallback then = main;
        return Optional.of(ctx -> started(() -> c.shutdownPre(d, ctx)).handle((v, preError) -> preError)
                .thenCompose(preError -> started(() -> then.run(ctx)).handle((v, mainError) -> {
                    if (mainError != null && preError != null) {
                        unwrap(mainError).addSuppressed(unwrap(preError));
                    }
                    Throwable failure = mainError != null ? mainError : preError;
                    if (failure != null) {
                        throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
                    }
                    return v;
                })));
    }

    /** The stage a hook returned (null counts as done), or a failed one if the hook threw before returning. */
    private static CompletionStage<Void> started(Supplier<CompletionStage<Void>> hook) {
        CompletionStage<Void> stage;
        try {
            stage = hook.get();
        } catch (RuntimeException | LinkageError e) { // a hook's own failure, also from a bundle being updated
            return CompletableFuture.failedFuture(e);
        }
        return stage == null ? CompletableFuture.completedFuture(null) : stage;
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
