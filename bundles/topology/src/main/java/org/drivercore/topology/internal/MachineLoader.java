package org.drivercore.topology.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.Driver;
import org.drivercore.api.LoadedMachine;
import org.drivercore.api.MachineException;
import org.drivercore.api.MachineService;
import org.drivercore.api.ModelledProfile;
import org.drivercore.api.RegistryException;
import org.drivercore.api.hardware.Hardware;
import org.drivercore.topology.internal.MachineModel.Location;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads machine files into the registry, all or nothing, and hands their latency profiles to the modelled
 * driver through Config Admin (one factory configuration per driver name).
 */
@Component(service = MachineService.class, configurationPid = MachineLoader.PID)
@Designate(ocd = MachineLoader.Config.class)
public final class MachineLoader implements MachineService {

    static final String PID = "org.drivercore.topology";
    static final String DEFAULT_MACHINE = "default-machine.json";

    private static final Logger LOG = LoggerFactory.getLogger(MachineLoader.class);

    /** The loader's configuration (PID {@value MachineLoader#PID}). */
    @ObjectClassDefinition(name = "drivercore machine loading",
            description = "How machine files are loaded into the device registry.")
    @interface Config {
        long DEFAULT_DRIVER_WAIT_MS = 10_000;

        @AttributeDefinition(name = "Driver wait (ms)", description = "How long a load waits for the modelled drivers of "
                + "its latency profiles to register before it adds the devices; a driver that comes later binds its "
                + "devices when it arrives.", min = "0")
        long driver_wait_ms() default DEFAULT_DRIVER_WAIT_MS;
    }

    @Reference
    private DeviceRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Hardware hardware;

    private final Duration driverWait;
    private volatile LoadedMachine current;

    @Activate
    public MachineLoader(Config config) {
        this.driverWait = Duration.ofMillis(Math.max(0, config.driver_wait_ms()));
    }

    /** For tests outside OSGi. */
    MachineLoader(DeviceRegistry registry, ConfigurationAdmin configAdmin, Duration driverWait) {
        this(registry, configAdmin, null, driverWait);
    }

    /** For tests outside OSGi, with emulated hardware. */
    MachineLoader(DeviceRegistry registry, ConfigurationAdmin configAdmin, Hardware hardware, Duration driverWait) {
        this.registry = registry;
        this.configAdmin = configAdmin;
        this.hardware = hardware;
        this.driverWait = driverWait;
    }

    @Override
    public LoadedMachine loadDefault(boolean replace) {
        String source = "embedded:" + DEFAULT_MACHINE;
        InputStream in = MachineLoader.class.getResourceAsStream("/org/drivercore/topology/" + DEFAULT_MACHINE);
        if (in == null) {
            throw new MachineException(source, "the default machine is missing from the topology bundle", null);
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return load(source, r, replace);
        } catch (IOException e) {
            throw new MachineException(source, "cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public LoadedMachine load(Path file, boolean replace) {
        String source = file.toString();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return load(source, r, replace);
        } catch (NoSuchFileException e) {
            throw new MachineException(source, "no such file", e);
        } catch (IOException e) {
            throw new MachineException(source, "cannot read: " + e, e);
        }
    }

    @Override
    public Optional<LoadedMachine> current() {
        return Optional.ofNullable(current);
    }

    LoadedMachine load(String source, Reader reader, boolean replace) {
        MachineModel model = new MachineParser(source).parse(reader);
        // Devices created in probe are not checked by the registry until they are created: check every
        // path now, in file order, so the first clash in the file is the one reported.
        for (String path : model.deviceWhere().keySet()) {
            if (!replace && registry.device(path).isPresent()) {
                throw at(model, model.deviceWhere().get(path),
                        path + ": duplicate path: a device with this path is already registered");
            }
        }
        // Checked first, so that a refused file changes no configuration either; then the drivers come up, so
        // that the boot can register them by initcall level, in the file's order of profiles within a level.
        registryAction(model, () -> registry.check(model.devices(), model.links(), replace));
        List<String> warnings = new ArrayList<>();
        Runnable undoHardware = installHardware(model, replace, warnings);
        warnings.addAll(applyProfiles(model));
        try {
            if (replace || registry.devices().isEmpty()) {
                registryAction(model, () -> registry.boot(model.devices(), model.links(), replace, model.linkOrder()));
            } else {
                // Added to a running machine: hot-plug, each device probing as it is added.
                registryAction(model, () -> registry.addAll(model.devices(), model.links(), replace));
            }
        } catch (RuntimeException e) {
            undoHardware.run();
            throw e;
        }
        LoadedMachine loaded = new LoadedMachine(model.name(), model.description(), source, model.devices().size(),
                model.createdPaths().size(), model.links().size(), List.copyOf(model.profiles().keySet()), warnings);
        current = loaded;
        LOG.info("Loaded machine '{}' from {}: {} devices (+{} created by drivers), {} links, {} profiles",
                loaded.name(), source, loaded.devices(), loaded.createdByDrivers(), loaded.links(), loaded.profiles().size());
        warnings.forEach(w -> LOG.warn("Machine '{}': {}", loaded.name(), w));
        return loaded;
    }

    /**
     * Puts the machine's hardware behind its devices before any probe, checked first (a bad description is an error at
     * its place in the file); returns what undoes it, should the registry refuse the file.
     */
    private Runnable installHardware(MachineModel model, boolean replace, List<String> warnings) {
        Hardware hw = hardware;
        if (model.hardware().isEmpty() && !replace) {
            return () -> { };
        }
        if (hw == null) {
            if (!model.hardware().isEmpty()) {
                warnings.add("the hardware service is not available: the devices' hardware was not installed, and drivers "
                        + "that need it will not bind");
            }
            return () -> { };
        }
        for (MachineModel.Described d : model.described().values()) {
            try {
                hw.check(d.spec());
            } catch (IllegalArgumentException ex) {
                throw at(model, d.where(), ex.getMessage());
            }
        }
        return hw.install(model.hardware(), replace);
    }

    /** Runs a registry request, turning its refusal into an error at the file's place for the device or link. */
    private static void registryAction(MachineModel model, Runnable action) {
        try {
            action.run();
        } catch (RegistryException e) {
            Location where = e.link().map(l -> model.linkWhere().get(l))
                    .orElseGet(() -> e.path().map(p -> model.deviceWhere().get(p)).orElse(null));
            throw at(model, where, e.getMessage());
        }
    }

    private static MachineException at(MachineModel model, Location where, String message) {
        if (where == null) {
            return new MachineException(model.source(), -1, -1, null, message);
        }
        return new MachineException(model.source(), where.line(), where.column(), where.pointer(), message);
    }

    /**
     * Gives each profile to the modelled driver as a factory configuration named after the driver, then
     * waits until a driver of each name serves its bus. A configuration that changed replaces the driver
     * instance, so for those the wait is for a new instance.
     */
    private List<String> applyProfiles(MachineModel model) {
        List<String> warnings = new ArrayList<>();
        if (model.profiles().isEmpty()) {
            return warnings;
        }
        ConfigurationAdmin cm = configAdmin;
        if (cm == null) {
            warnings.add("Config Admin is not available: profiles " + model.profiles().keySet() + " were not applied");
            return warnings;
        }
        Set<Driver> before = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        before.addAll(registry.drivers());
        Map<String, Boolean> changed = new java.util.LinkedHashMap<>();
        for (ModelledProfile p : model.profiles().values()) {
            try {
                Configuration c = cm.getFactoryConfiguration(ModelledProfile.FACTORY_PID, p.driver(), "?");
                changed.put(p.driver(), c.updateIfDifferent(properties(p, model.name())));
            } catch (IOException | RuntimeException e) {
                warnings.add("profile '" + p.driver() + "' could not be configured: " + e.getMessage());
            }
        }
        long deadline = System.nanoTime() + driverWait.toNanos();
        List<String> missing;
        while (true) {
            missing = new ArrayList<>();
            List<Driver> now = registry.drivers();
            for (Map.Entry<String, Boolean> e : changed.entrySet()) {
                ModelledProfile p = model.profiles().get(e.getKey());
                boolean there = now.stream().anyMatch(d -> d.name().equals(p.driver()) && d.bus().equals(p.bus())
                        && (!e.getValue() || !before.contains(d)));
                if (!there) {
                    missing.add(p.driver());
                }
            }
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            try {
                // Waiting for Config Admin and SCR to deliver on their own threads; nothing to signal us.
                Thread.sleep(10);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!missing.isEmpty()) {
            warnings.add("drivers " + missing + " did not register within " + driverWait.toMillis()
                    + " ms (is the bundle org.drivercore.driver.modelled active?); their devices stay unbound until they do");
        }
        return warnings;
    }

    static Dictionary<String, Object> properties(ModelledProfile p, String machine) {
        return new Hashtable<>(p.toProperties(machine));
    }
}
