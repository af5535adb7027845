package org.drivercore.shutdown.internal;

import java.util.Locale;

/** Which time a run uses: simulated (instant, deterministic) or the wall clock scaled by a time scale. */
enum Clock {
    REAL, VIRTUAL;

    static Clock parse(String option, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "real" -> REAL;
            case "virtual" -> VIRTUAL;
            default -> throw new IllegalArgumentException(option + ": clock '" + text + "' is unknown (expected real or virtual)");
        };
    }

    String externalName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
