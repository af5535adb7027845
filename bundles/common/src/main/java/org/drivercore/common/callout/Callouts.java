package org.drivercore.common.callout;

import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Calls into code of other bundles (bus types, drivers, device classes, listeners, strategies). Whatever such code
 * throws is handed to the caller's fallback, {@link LinkageError}s included (a bundle may be updated under the
 * call, and its classes then fail to load); only a {@link VirtualMachineError} (out of memory, stack overflow)
 * goes on, since nothing can be trusted after one.
 */
public final class Callouts {

    private Callouts() {
    }

    /** The call's result, or the fallback's for what the call threw. */
    public static <T> T call(Supplier<T> call, Function<Throwable, T> onFailure) {
        try {
            return call.get();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // LinkageErrors too, see above
            return onFailure.apply(e);
        }
    }

    /** Runs the call; what it throws goes to the fallback. */
    public static void run(Runnable call, java.util.function.Consumer<Throwable> onFailure) {
        call(() -> {
            call.run();
            return null;
        }, e -> {
            onFailure.accept(e);
            return null;
        });
    }

    /** The failure a {@link CompletionException} wraps (what a stage's callback threw), else the throwable itself. */
    public static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
