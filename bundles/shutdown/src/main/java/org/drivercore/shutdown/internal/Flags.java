package org.drivercore.shutdown.internal;

import java.util.List;
import java.util.Set;

import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.api.shutdown.AsyncSource;

/** How reports name the async flags a strategy ran with: its generation's, under the global policy. */
final class Flags {

    private Flags() {
    }

    /** {@code subsystem (v18)}, {@code driver (v8)}, {@code none (mainline)}, {@code all}, {@code off}, ... */
    static String describe(Set<AsyncSource> generation, AsyncPolicy policy) {
        return switch (policy) {
            case OFF -> "off";
            case ALL -> "all";
            case OPT_IN -> "any opt-in";
            case AS_KERNEL -> generation.isEmpty() ? "none (mainline)"
                    : String.join("+", generation.stream().sorted().map(Flags::name).toList());
        };
    }

    /** The flags honoured, as JSON lists them: the generation's under as-kernel, else the policy's name. */
    static List<String> list(Set<AsyncSource> generation, AsyncPolicy policy) {
        return policy == AsyncPolicy.AS_KERNEL ? generation.stream().sorted().map(AsyncSource::externalName).toList()
                : List.of(policy.externalName());
    }

    private static String name(AsyncSource s) {
        return switch (s) {
            case SUBSYSTEM -> "subsystem (v18)";
            case DRIVER -> "driver (v8)";
            case DEVICE -> "probe";
            case BUS_HOOKS -> "bus hooks (seed)";
            case ALL -> "all";
        };
    }
}
