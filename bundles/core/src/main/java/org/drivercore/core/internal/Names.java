package org.drivercore.core.internal;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance of each bus and driver name, and of its {@code Optional}: a machine has a few dozen of each and a
 * million devices that name them. Names are never forgotten, which is harmless: they are the names of bus types and
 * drivers, not of devices.
 */
final class Names {

    private static final ConcurrentHashMap<String, Optional<String>> SHARED = new ConcurrentHashMap<>();

    private Names() {
    }

    static Optional<String> shared(Optional<String> name) {
        return name.isEmpty() ? Optional.empty() : SHARED.computeIfAbsent(name.get(), Optional::of);
    }
}
