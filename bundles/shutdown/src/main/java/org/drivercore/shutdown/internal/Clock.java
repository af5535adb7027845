package org.drivercore.shutdown.internal;

import org.drivercore.api.EnumNames;

/** Which time a run uses: simulated (instant, deterministic) or the wall clock scaled by a time scale. */
enum Clock {
    REAL, VIRTUAL;

    static Clock parse(String option, String text) {
        return EnumNames.parse(Clock.class, option + ": clock", text);
    }

    String externalName() {
        return EnumNames.external(this);
    }
}
