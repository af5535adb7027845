package org.drivercore.hardware.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import org.drivercore.api.hardware.Hardware;
import org.drivercore.api.hardware.HardwareSpec;
import org.drivercore.hardware.net.NicModel;
import org.drivercore.hardware.nvme.NvmeModel;
import org.drivercore.hardware.storage.AhciModel;
import org.drivercore.hardware.storage.DiskModel;
import org.drivercore.hardware.usb.XhciModel;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hardware behind the loaded machines' devices: one model per device path, made from its description when it is
 * installed (so a bad description is refused then, with the device named). The kinds are the models of this bundle.
 */
@Component(service = Hardware.class)
public final class HardwareRegistry implements Hardware {

    private static final Logger LOG = LoggerFactory.getLogger(HardwareRegistry.class);

    /** Each kind and how a model of it is made for a device path. */
    static final Map<String, BiFunction<String, HardwareSpec, Object>> KINDS = Map.of(
            NvmeModel.KIND, NvmeModel::new,
            DiskModel.KIND, DiskModel::new,
            AhciModel.KIND, AhciModel::new,
            XhciModel.KIND, XhciModel::new,
            NicModel.KIND, NicModel::new);

    private record Installed(HardwareSpec spec, Object model) {
    }

    private final Map<String, Installed> byPath = new HashMap<>();

    @Override
    public synchronized <T> Optional<T> model(String devicePath, Class<T> kind) {
        Installed i = byPath.get(devicePath);
        return i != null && kind.isInstance(i.model()) ? Optional.of(kind.cast(i.model())) : Optional.empty();
    }

    @Override
    public void check(HardwareSpec spec) {
        make("/devices/check", spec);
    }

    @Override
    public Runnable install(Map<String, HardwareSpec> specs, boolean replace) {
        Map<String, Installed> made = new LinkedHashMap<>();
        specs.forEach((path, spec) -> {
            try {
                made.put(path, new Installed(spec, make(path, spec)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
            }
        });
        synchronized (this) {
            Map<String, Installed> before = new HashMap<>(byPath);
            if (replace) {
                byPath.clear();
            }
            byPath.putAll(made);
            LOG.info("Hardware installed behind {} devices ({} in all)", made.size(), byPath.size());
            return () -> {
                synchronized (this) {
                    byPath.clear();
                    byPath.putAll(before);
                }
            };
        }
    }

    private static Object make(String path, HardwareSpec spec) {
        BiFunction<String, HardwareSpec, Object> kind = KINDS.get(spec.kind());
        if (kind == null) {
            throw new IllegalArgumentException("hardware '" + spec.name() + "': unknown kind '" + spec.kind()
                    + "' (known: " + String.join(", ", new java.util.TreeSet<>(KINDS.keySet())) + ")");
        }
        return kind.apply(path, spec);
    }
}
