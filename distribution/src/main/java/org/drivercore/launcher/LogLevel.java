package org.drivercore.launcher;

import java.util.Locale;

/** The log level chosen with {@code DRIVERCORE_LOG}: for SLF4J (slf4j-simple) and for Felix. */
enum LogLevel {
    ERROR("error", 1),
    WARN("warn", 2),
    INFO("info", 3),
    DEBUG("debug", 4);

    private final String slf4jName;
    private final int felixLevel;

    LogLevel(String slf4jName, int felixLevel) {
        this.slf4jName = slf4jName;
        this.felixLevel = felixLevel;
    }

    /** The value of {@code org.slf4j.simpleLogger.defaultLogLevel}. */
    String slf4jName() {
        return slf4jName;
    }

    /** The value of {@code felix.log.level}. */
    int felixLevel() {
        return felixLevel;
    }

    boolean includes(LogLevel other) {
        return other.ordinal() <= ordinal();
    }

    /**
     * Parses {@code error|warn|info|debug} (case-insensitive; {@code warning} too).
     * Returns {@code fallback} for null or blank, and null for anything else.
     */
    static LogLevel parse(String value, LogLevel fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (LogLevel level : values()) {
            if (level.slf4jName.equals(v)) {
                return level;
            }
        }
        return v.equals("warning") ? WARN : null;
    }
}
