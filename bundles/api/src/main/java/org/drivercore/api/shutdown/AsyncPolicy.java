package org.drivercore.api.shutdown;

import java.util.Optional;
import java.util.Set;

import org.drivercore.api.EnumNames;

/**
 * The global switch over asynchronous shutdown (v18's {@code core.async_shutdown=}, extended so that strategies of
 * different kernel generations can be compared with the same flags).
 */
public enum AsyncPolicy {
    /** Each strategy with the flags its own kernel generation sets ({@link ShutdownStrategy#asyncFlags()}). */
    AS_KERNEL,
    /** Every strategy with every flag the registry records, whoever set it. */
    OPT_IN,
    /** Every device with shutdown work is async. */
    ALL,
    /** Every device shuts down synchronously. */
    OFF;

    /**
     * Whether, and why, a device shuts down asynchronously under this policy. {@code OFF} makes every device sync;
     * {@code ALL} every device with shutdown work async; {@code OPT_IN} follows any of the device's flags and
     * {@code AS_KERNEL} only those of the strategy's generation, with or without work: v18's
     * {@code wants_async_shutdown()} looks at the flag only, so a flagged host bridge, which has nothing to shut down,
     * still waits for its children on the async pool. Of several flags, the first in {@link AsyncSource}'s order names
     * the reason.
     *
     * @param flagged    the flags the device has ({@link AsyncSource#optIns})
     * @param generation the flags the strategy's kernel generation sets
     */
    public Optional<AsyncSource> resolve(Set<AsyncSource> flagged, Set<AsyncSource> generation, boolean hasWork) {
        return switch (this) {
            case OFF -> Optional.empty();
            case ALL -> hasWork ? Optional.of(AsyncSource.ALL) : Optional.empty();
            case OPT_IN -> flagged.stream().sorted().findFirst();
            case AS_KERNEL -> flagged.stream().filter(generation::contains).sorted().findFirst();
        };
    }

    /** {@code as-kernel}, {@code opt-in}, {@code all} or {@code off}. */
    public String externalName() {
        return EnumNames.external(this);
    }

    /** @throws IllegalArgumentException naming the text and the accepted values */
    public static AsyncPolicy parse(String text) {
        return EnumNames.parse(AsyncPolicy.class, "async policy", text);
    }
}
