package org.drivercore.shutdown.internal;

import org.drivercore.api.EnumNames;
import org.drivercore.api.ShutdownMode;

/** The names of the shutdown modes on the command line and in reports: {@code poweroff}, {@code reboot}, {@code halt}. */
final class Modes {

    private Modes() {
    }

    static ShutdownMode parse(String option, String text) {
        return EnumNames.parse(ShutdownMode.class, option + ": mode", text);
    }

    static String externalName(ShutdownMode mode) {
        return EnumNames.external(mode);
    }
}
