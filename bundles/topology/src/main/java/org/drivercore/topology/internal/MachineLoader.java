package org.drivercore.topology.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.Driver;
import org.drivercore.api.LoadedMachine;
import org.drivercore.api.MachineException;
import org.drivercore.api.MachineService;
import org.drivercore.api.RegistryException;
import org.drivercore.api.hardware.Hardware;
import org.drivercore.common.config.LenientConfig;
import org.drivercore.topology.internal.MachineModel.Location;
import org.drivercore.topology.internal.json.MachineParser;
import org.drivercore.topology.internal.json.MachineWriter;
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
 * Loads machines into the registry, all or nothing: reads the source ({@link MachineSources}: a machine file, a udev
 * database, a umockdev recording, a sysfs), puts its tree together ({@link MachineAssembler}), has the registry check
 * it, installs its hardware, asks Config Admin for its profiles and buses ({@link ConfigRequests}), then boots it (or
 * hot-plugs it into a running machine).
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
    /** What {@link #current} was loaded from, for export. */
    private volatile MachineDraft currentDraft;

    @Activate
    public MachineLoader(Config config) {
        this.driverWait = Duration.ofMillis(Math.max(0, LenientConfig.of(Config.class, config, PID, LOG::warn).driver_wait_ms()));
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
        return load(MachineSources.read(file), replace);
    }

    @Override
    public Optional<LoadedMachine> current() {
        return Optional.ofNullable(current);
    }

    @Override
    public void export(Path file, boolean overwrite) {
        MachineDraft draft = currentDraft;
        if (draft == null) {
            throw new MachineException(file.toString(), "no machine is loaded: nothing to export", null);
        }
        MachineWriter.write(draft, file, overwrite);
    }

    LoadedMachine load(String source, Reader reader, boolean replace) {
        return load(new MachineParser(source).parse(reader), replace);
    }

    LoadedMachine load(MachineDraft draft, boolean replace) {
        MachineModel model = MachineAssembler.assemble(draft);
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
        ConfigRequests requests = new ConfigRequests(registry, configAdmin, driverWait);
        List<String> notes = new ArrayList<>(draft.notes());
        if (replace) {
            notes.addAll(requests.dropProfilesExcept(model.profiles().keySet()));
        }
        warnings.addAll(requests.buses(draft.buses()));
        warnings.addAll(requests.profiles(model.profiles(), model.name()));
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
        warnings.addAll(Unserved.of(model.devices(), registry, model.profiles().values().stream()
                .map(org.drivercore.api.ModelledProfile::driver).collect(java.util.stream.Collectors.toSet())));
        LoadedMachine loaded = new LoadedMachine(model.name(), model.description(), model.source(),
                draft.format().label(), model.devices().size(), model.createdPaths().size(), model.links().size(),
                List.copyOf(model.profiles().keySet()), draft.buses(), draft.defaulted(), notes, warnings);
        current = loaded;
        currentDraft = draft;
        LOG.info("Loaded machine '{}' from {}: {} devices (+{} created by drivers), {} links, {} profiles",
                loaded.name(), model.source(), loaded.devices(), loaded.createdByDrivers(), loaded.links(), loaded.profiles().size());
        // Whoever loads shows the warnings (dc:load prints them; the launcher too): logged again, they came twice.
        warnings.forEach(w -> LOG.debug("Machine '{}': {}", loaded.name(), w));
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

}
