package org.drivercore.launcher;

import java.io.PrintStream;

import org.apache.felix.framework.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;

/**
 * Felix's own log, on standard error (Felix's default logger prints to standard output, which is
 * reserved for a command's result). Passed to the framework as {@code felix.log.logger}.
 */
final class StderrLogger extends Logger {

    private final PrintStream err;

    StderrLogger(PrintStream err, int level) {
        this.err = err;
        setLogLevel(level);
    }

    @Override
    protected void doLog(Bundle bundle, @SuppressWarnings("rawtypes") ServiceReference sr, int level,
            String msg, Throwable throwable) {
        StringBuilder line = new StringBuilder("felix ").append(levelName(level)).append(": ");
        if (sr != null) {
            line.append("service ").append(sr).append(": ");
        } else if (bundle != null) {
            line.append(bundle).append(": ");
        }
        line.append(msg);
        Throwable cause = throwable;
        if (cause instanceof BundleException && ((BundleException) cause).getCause() != null) {
            cause = cause.getCause();
        }
        if (cause != null) {
            line.append(" (").append(cause);
            int depth = 0;
            for (Throwable t = cause.getCause(); t != null && depth < 5; t = t.getCause(), depth++) {
                line.append(" <- ").append(t);
            }
            line.append(')');
        }
        synchronized (err) {
            err.println(line);
            if (cause != null && getLogLevel() >= LOG_DEBUG) {
                cause.printStackTrace(err);
            }
        }
    }

    /** Messages logged without a bundle or service (e.g. the resolver's). */
    @Override
    protected void doLog(int level, String msg, Throwable throwable) {
        doLog(null, null, level, msg, throwable);
    }

    static String levelName(int level) {
        switch (level) {
            case LOG_ERROR:
                return "ERROR";
            case LOG_WARNING:
                return "WARN";
            case LOG_INFO:
                return "INFO";
            case LOG_DEBUG:
                return "DEBUG";
            default:
                return "LEVEL" + level;
        }
    }
}
