package org.drivercore.api;

import java.util.Optional;

/**
 * A request the registry refused: a duplicate path, a missing or removed parent, a link cycle. The
 * registry is left as it was. {@link #path()} names the device (or link consumer) at fault.
 */
public class RegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String path;

    public RegistryException(String path, String message) {
        super(path == null ? message : path + ": " + message);
        this.path = path;
    }

    /** The device path the error is about, if any. */
    public Optional<String> path() {
        return Optional.ofNullable(path);
    }
}
