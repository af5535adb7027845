package org.drivercore.launcher;

/** A failure of the launcher or the container itself (not of a command): exit status 1. */
final class LaunchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    LaunchException(String message) {
        super(message);
    }

    LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
