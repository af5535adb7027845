package org.drivercore.shutdown.internal;

import java.util.Locale;

import org.drivercore.api.ShutdownMode;

/** The names of the shutdown modes on the command line and in reports. */
final class Modes {

    private Modes() {
    }

    static ShutdownMode parse(String option, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT).replace("-", "")) {
            case "poweroff" -> ShutdownMode.POWEROFF;
            case "reboot" -> ShutdownMode.REBOOT;
            case "halt" -> ShutdownMode.HALT;
            default -> throw new IllegalArgumentException(option + ": mode '" + text
                    + "' is unknown (expected poweroff, reboot or halt)");
        };
    }

    static String externalName(ShutdownMode mode) {
        return switch (mode) {
            case POWEROFF -> "poweroff";
            case REBOOT -> "reboot";
            case HALT -> "halt";
        };
    }
}
