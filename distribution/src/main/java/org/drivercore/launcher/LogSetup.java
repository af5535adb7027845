package org.drivercore.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log of the whole container on standard error, at one level: SLF4J (slf4j-simple, which the bundles log
 * through), java.util.logging (which SPI Fly uses when there is no LogService) and Felix's own log.
 */
final class LogSetup {

    static final String SLF4J_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    static final String SLF4J_LOG_FILE = "org.slf4j.simpleLogger.logFile";
    static final String SLF4J_PROGRESS_LEVEL = "org.slf4j.simpleLogger.log.org.drivercore.shutdown.internal.Progress";

    /** Kept: java.util.logging holds its loggers weakly, and would forget their level. */
    private static final List<Logger> JUL_LOGGERS = new ArrayList<>();

    private LogSetup() {
    }

    /**
     * Sets the level of every log. Without an explicit level ({@code explicit} false), the progress of the power-off
     * is still shown at INFO, as devices finish.
     */
    static void configure(LogLevel level, boolean explicit) {
        setIfAbsent(SLF4J_LEVEL, level.slf4jName());
        setIfAbsent(SLF4J_LOG_FILE, "System.err");
        if (level != LogLevel.DEBUG) {
            // "WARN ShutdownCoordinator - ...": the thread and the package matter when debugging, not to a user.
            setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
            setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        }
        if (!explicit) {
            setIfAbsent(SLF4J_PROGRESS_LEVEL, LogLevel.INFO.slf4jName());
        }
        configureJavaLogging(level);
    }

    /**
     * java.util.logging on one line, at the level of {@code DRIVERCORE_LOG}; SPI Fly's "Registered provider" notes
     * only at debug. Left alone when {@code java.util.logging.config.file} is set.
     */
    private static void configureJavaLogging(LogLevel level) {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        setIfAbsent("java.util.logging.SimpleFormatter.format", "%4$s %3$s - %5$s%6$s%n");
        Level julLevel = switch (level) {
            case ERROR -> Level.SEVERE;
            case WARN -> Level.WARNING;
            case INFO -> Level.INFO;
            case DEBUG -> Level.FINE;
        };
        Logger root = Logger.getLogger("");
        root.setLevel(julLevel);
        for (Handler handler : root.getHandlers()) {
            handler.setLevel(julLevel);
        }
        Logger spifly = Logger.getLogger("org.apache.aries.spifly");
        spifly.setLevel(level == LogLevel.DEBUG ? julLevel : Level.WARNING);
        synchronized (JUL_LOGGERS) {
            JUL_LOGGERS.add(root);
            JUL_LOGGERS.add(spifly);
        }
    }

    static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
