package org.drivercore.common.driver;

import java.util.Optional;

import org.drivercore.api.Device;
import org.drivercore.api.ProbeContext;
import org.drivercore.api.ProbeResult;
import org.drivercore.api.hardware.Hardware;

/**
 * A driver that drives emulated hardware of one kind: its probe fails on a device with nothing of that kind behind it
 * (a driver cannot bind what it has nothing to drive), and its shutdown finds the model by the device's path.
 *
 * @param <T> the hardware model the driver drives
 */
public abstract class HardwareDriver<T> extends TableDriver {

    private final Hardware hardware;
    private final Class<T> kind;

    protected HardwareDriver(String name, String bus, String[] ids, Hardware hardware, Class<T> kind) {
        super(name, bus, ids);
        this.hardware = hardware;
        this.kind = kind;
    }

    @Override
    public final ProbeResult probe(Device device, ProbeContext context) {
        Optional<T> model = hardware.model(device.path(), kind);
        if (model.isEmpty()) {
            return ProbeResult.failed(name() + ": no emulated " + kind.getSimpleName() + " behind " + device.path()
                    + " (a machine file gives it one with \"hardware\")");
        }
        ProbeResult result = probeHardware(device, model.get());
        if (result.kind() == ProbeResult.Kind.BOUND) {
            addRecordedChildren(device, context);
        }
        return result;
    }

    /** The driver's own part of the probe, with the device's hardware found; binds by default. */
    protected ProbeResult probeHardware(Device device, T model) {
        return ProbeResult.bound();
    }

    /** The hardware of a device this driver bound (so the probe found it). */
    protected final T model(Device device) {
        return hardware.model(device.path(), kind).orElseThrow(() -> new IllegalStateException(
                "no emulated " + kind.getSimpleName() + " behind " + device.path()));
    }
}
