package org.drivercore.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads machine files (JSON: devices, links, latency profiles) into the registry, all or nothing. See
 * {@code docs/machine-format.md}.
 */
@org.osgi.annotation.versioning.ProviderType
public interface MachineService {

    /** Loads the embedded default machine (a storage server with 16 NVMe drives). */
    LoadedMachine loadDefault(boolean replace);

    /**
     * Loads a machine file. On any error nothing is registered and the exception names the file, line,
     * column and JSON pointer.
     *
     * @param replace whether to remove the devices already registered
     * @throws MachineException for a bad file or one the registry refuses
     */
    LoadedMachine load(Path file, boolean replace);

    /** The machine loaded last, if any. */
    Optional<LoadedMachine> current();
}
