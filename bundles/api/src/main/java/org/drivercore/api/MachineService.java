package org.drivercore.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads machines into the registry, all or nothing: drivercore's machine files (JSON: devices, links, latency
 * profiles) and the real machines' trees a Linux user has (a {@code udevadm info --export-db} dump, a umockdev
 * recording, a live {@code /sys}), told apart by their content. See {@code docs/machine-format.md}.
 */
@org.osgi.annotation.versioning.ProviderType
public interface MachineService {

    /** Loads the embedded default machine (a storage server with 16 NVMe drives). */
    LoadedMachine loadDefault(boolean replace);

    /**
     * Loads a machine file, a udev database, a umockdev recording or a sysfs directory. On any error nothing is
     * registered and the exception names the file, line (and column and JSON pointer, or device path), what and why.
     *
     * @param replace whether to remove the devices already registered
     * @throws MachineException for a bad file or one the registry refuses
     */
    LoadedMachine load(Path file, boolean replace);

    /** The machine loaded last, if any. */
    Optional<LoadedMachine> current();

    /**
     * Writes the machine loaded last, as it was loaded, as a machine file: an imported tree becomes one that can be
     * read and edited.
     *
     * @param overwrite whether an existing file may be replaced
     * @throws MachineException when no machine is loaded, the file exists and may not be replaced, or it cannot be
     *                          written
     */
    void export(Path file, boolean overwrite);
}
