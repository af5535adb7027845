package org.drivercore.api;

import java.util.Optional;

/**
 * A request the registry refused: a duplicate path, a missing or removed parent, a link cycle. The
 * registry is left as it was. {@link #path()} names the device (or link consumer) at fault.
 */
public class RegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final DeviceLink link;

    public RegistryException(String path, String message) {
        super(path == null ? message : path + ": " + message);
        this.path = path;
        this.link = null;
    }

    /** A refused link; {@link #path()} is its consumer. */
    public RegistryException(DeviceLink link, String message) {
        super(message);
        this.path = link.consumerPath();
        this.link = link;
    }

    /** The refused link, when the error is about one. */
    public Optional<DeviceLink> link() {
        return Optional.ofNullable(link);
    }

    /** The device path the error is about, if any. */
    public Optional<String> path() {
        return Optional.ofNullable(path);
    }
}
