package org.drivercore.shell.internal;

import java.nio.file.Path;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.drivercore.api.LoadedMachine;
import org.drivercore.api.MachineService;
import org.drivercore.common.gogo.Usage;
import org.drivercore.common.text.Plural;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Loading and writing whole machines, scope {@code dc}. */
@Component(service = MachineCommands.class)
@GogoCommand(scope = "dc", function = { "load", "export" })
public final class MachineCommands {

    private static final String LOAD = "load a machine, all or nothing: a machine file, a udevadm export-db dump, a "
            + "umockdev recording or a sysfs directory such as /sys, told apart by content (no FILE: the embedded "
            + "default machine)";

    private final MachineService machines;

    @Activate
    public MachineCommands(@Reference(name = "machines") MachineService machines) {
        this.machines = machines;
    }

    @Descriptor(LOAD)
    public String load(@Descriptor("remove the devices already registered, and the driver profiles of the machine "
            + "they came from, first") @Parameter(names = "--replace", presentValue = "true",
            absentValue = "false") boolean replace) {
        return describe(machines.loadDefault(replace));
    }

    @Descriptor(LOAD)
    public String load(@Descriptor("remove the devices already registered, and the driver profiles of the machine "
            + "they came from, first") @Parameter(names = "--replace", presentValue = "true",
            absentValue = "false") boolean replace,
            @Descriptor("the machine: a file (see docs/machine-format.md) or a sysfs directory") String file,
            @Descriptor("nothing else is taken") String... unexpected) {
        if (file.startsWith("-")) {
            Usage.noMore(MachineCommands.class, "load", new String[] { file });
        }
        Usage.noMore(MachineCommands.class, "load", unexpected);
        return describe(machines.load(Path.of(file), replace));
    }

    @Descriptor("write the machine loaded last, as it was loaded, as a machine file (an imported tree becomes one "
            + "that can be read and edited)")
    public String export(@Descriptor("replace FILE if it exists") @Parameter(names = "--force", presentValue = "true",
            absentValue = "false") boolean force, @Descriptor("the machine file to write") String file,
            @Descriptor("nothing else is taken") String... unexpected) {
        if (file.startsWith("-")) {
            Usage.noMore(MachineCommands.class, "export", new String[] { file });
        }
        Usage.noMore(MachineCommands.class, "export", unexpected);
        machines.export(Path.of(file), force);
        LoadedMachine m = machines.current().orElseThrow();
        return "Wrote machine '" + m.name() + "' (" + Plural.of(m.devices() + m.createdByDrivers(), "device") + ", "
                + Plural.of(m.links(), "link") + ", " + Plural.of(m.profiles().size(), "driver profile") + ") to " + file
                + "\n";
    }

    static String describe(LoadedMachine m) {
        StringBuilder b = new StringBuilder();
        b.append("Loaded machine '").append(m.name()).append("' from ").append(m.source());
        if (!m.format().equals(LoadedMachine.MACHINE_FILE)) {
            b.append(" (").append(m.format()).append(')');
        }
        b.append(": ").append(Plural.of(m.devices(), "device")).append(" (+").append(m.createdByDrivers())
                .append(" created by drivers), ").append(Plural.of(m.links(), "link")).append(", ")
                .append(Plural.of(m.profiles().size(), "driver profile"));
        if (!m.buses().isEmpty()) {
            b.append(", ").append(Plural.of(m.buses().size(), "generic bus", "generic buses"));
        }
        b.append('\n');
        for (String n : m.notes()) {
            b.append("note: ").append(n).append('\n');
        }
        for (String w : m.warnings()) {
            b.append("warning: ").append(w).append('\n');
        }
        return b.toString();
    }
}
