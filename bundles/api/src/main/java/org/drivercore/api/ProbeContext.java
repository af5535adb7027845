package org.drivercore.api;

/**
 * Given to a probe. Devices the probe adds through it belong to this binding: when the driver is
 * unbound they are removed with it, as what a Linux driver creates in probe is deleted in remove.
 */
@org.osgi.annotation.versioning.ProviderType
public interface ProbeContext {

    /** The device being probed. */
    Device device();

    /**
     * Adds a device created by this probe (and, recursively, its own {@link DeviceSpec#probeChildren()}
     * are left to its own driver). The parent defaults to the probed device.
     *
     * @throws RegistryException if the device cannot be added
     */
    Device addChild(DeviceSpec spec);
}
