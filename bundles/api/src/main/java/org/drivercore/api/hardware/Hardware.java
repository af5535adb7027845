package org.drivercore.api.hardware;

import java.util.Map;
import java.util.Optional;

/**
 * The emulated hardware behind the devices of the loaded machines, by device path. Drivers look their device's model
 * up here; the machine loader installs what a machine file describes, all or nothing.
 */
@org.osgi.annotation.versioning.ProviderType
public interface Hardware {

    /**
     * The model of the hardware behind the device at that path, as a view of the given kind ({@link NvmeController},
     * {@link ScsiDisk}, ...): empty when the device has no hardware or hardware of another kind.
     */
    <T> Optional<T> model(String devicePath, Class<T> kind);

    /**
     * Checks a description without installing it.
     *
     * @throws IllegalArgumentException naming the parameter at fault, what is wrong and what is accepted
     */
    void check(HardwareSpec spec);

    /**
     * Puts hardware behind devices, checked first: on any error nothing changes.
     *
     * @param byPath  each device's hardware, by device path
     * @param replace whether to forget every other device's hardware first
     * @return what undoes the installation, restoring what was there before
     * @throws IllegalArgumentException naming the device path and the parameter at fault
     */
    Runnable install(Map<String, HardwareSpec> byPath, boolean replace);
}
