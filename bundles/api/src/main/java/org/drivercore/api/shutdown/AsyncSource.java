package org.drivercore.api.shutdown;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.Driver;
import org.drivercore.api.EnumNames;

/**
 * Who flags a device for asynchronous shutdown. Each kernel generation has its own: a strategy that emulates one
 * honours that one ({@link ShutdownStrategy#asyncFlags()}).
 */
public enum AsyncSource {
    /**
     * The subsystem, when it creates the device, whatever the driver: v18's {@code dev_set_async_shutdown()} for
     * every PCI function and host bridge and for SCSI hosts, targets and devices (Jeffery/Hayes v18, 2026-07).
     */
    SUBSYSTEM,
    /** The driver, driver-wide: Hayes v8's {@code async_shutdown_enable} (8064952c6504, nvme-pci ba82e10c3c6b). */
    DRIVER,
    /**
     * A driver's probe, per device ({@link Device#enableAsyncShutdown()}): drivercore's way for a driver to flag some of
     * its devices only. No kernel generation emulated here sets a flag from probe (the series' per-device flag,
     * {@code device_enable_async_shutdown()} to v15, {@code dev_set_async_shutdown()} in v17 and v18, is set by the
     * subsystems): it counts under the {@code opt-in} policy and for strategies that honour it.
     */
    DEVICE,
    /**
     * The bus's {@code async_shutdown_start}/{@code end} hooks of the seed (Tanjore Suresh's v3, 2022, PCI), for a
     * driver that opted in.
     */
    BUS_HOOKS,
    /** Every device with shutdown work, forced by the global switch ({@link AsyncPolicy#ALL}). */
    ALL;

    /** Every flag the registry records for the device: by its subsystem, its driver, its probe, its bus's hooks. */
    public static Set<AsyncSource> optIns(Device device, Optional<Driver> driver, Optional<BusType> bus) {
        EnumSet<AsyncSource> out = EnumSet.noneOf(AsyncSource.class);
        if (device.isSubsystemAsyncShutdown()) {
            out.add(SUBSYSTEM);
        }
        boolean driverWide = driver.map(Driver::asyncShutdown).orElse(false);
        if (driverWide) {
            out.add(DRIVER);
        }
        if (device.isAsyncShutdownEnabled()) {
            out.add(DEVICE);
        }
        if (driverWide && bus.map(BusType::hasAsyncShutdownHooks).orElse(false)) {
            out.add(BUS_HOOKS);
        }
        return out;
    }

    /** {@code subsystem}, {@code driver}, {@code device}, {@code bus-hooks} or {@code all}. */
    public String externalName() {
        return EnumNames.external(this);
    }
}
