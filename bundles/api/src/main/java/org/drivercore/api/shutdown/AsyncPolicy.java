package org.drivercore.api.shutdown;

import java.util.Optional;

import org.drivercore.api.EnumNames;

/** The global switch over asynchronous shutdown (v18's {@code core.async_shutdown=}). */
public enum AsyncPolicy {
    /** Every device shuts down synchronously. */
    OFF,
    /** A device is async if it opted in, or its driver did (the default). */
    OPT_IN,
    /** Every device with shutdown work is async. */
    ALL;

    /**
     * Whether, and why, a device shuts down asynchronously under this policy: a device without shutdown work is
     * never async (it only orders); with work, {@code OFF} makes it sync, {@code ALL} async, and {@code OPT_IN}
     * follows its opt-in ({@link AsyncSource#optIn}).
     */
    public Optional<AsyncSource> resolve(Optional<AsyncSource> optIn, boolean hasWork) {
        if (!hasWork) {
            return Optional.empty();
        }
        return switch (this) {
            case OFF -> Optional.empty();
            case ALL -> Optional.of(AsyncSource.ALL);
            case OPT_IN -> optIn;
        };
    }

    /** {@code off}, {@code opt-in} or {@code all}. */
    public String externalName() {
        return EnumNames.external(this);
    }

    /** @throws IllegalArgumentException naming the text and the accepted values */
    public static AsyncPolicy parse(String text) {
        return EnumNames.parse(AsyncPolicy.class, "async policy", text);
    }
}
