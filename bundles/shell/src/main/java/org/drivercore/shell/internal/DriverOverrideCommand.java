package org.drivercore.shell.internal;

import java.util.Optional;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.MachineService;
import org.drivercore.common.gogo.Usage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code dc:driver-override}: a device's {@code driver_override} file. Gogo maps a function to the method of that
 * name, and a Java method cannot be called driver-override: Gogo calls {@code _main} with the function's name
 * first, and this class keeps its own help (as {@code dc:critical-path} does).
 */
@Component(service = DriverOverrideCommand.class)
@GogoCommand(scope = "dc", function = DriverOverrideCommand.FUNCTION)
public final class DriverOverrideCommand {

    static final String FUNCTION = "driver-override";

    private final DeviceRegistry registry;
    private final Views views;

    @Activate
    public DriverOverrideCommand(@Reference(name = "registry") DeviceRegistry registry,
            @Reference(name = "machines") MachineService machines) {
        this.registry = registry;
        this.views = new Views(registry, machines);
    }

    @Descriptor("set or clear a device's driver_override, as echo DRIVER > /sys/bus/BUS/devices/DEVICE/driver_override: "
            + "from then on only that driver matches it; nothing is probed until a bind or a rescan")
    public String _main(@Descriptor("clear the override (back to the bus's match)") @Parameter(names = "--clear",
            presentValue = "true", absentValue = "false") boolean clear,
            @Descriptor("DEVICE (a path, a name or the end of a path), then DRIVER unless --clear") String... args) {
        // Gogo hands a _main method the command's name first.
        int first = args.length > 0 && args[0].equals(FUNCTION) ? 1 : 0;
        int given = args.length - first;
        if (given == 1 && args[first].equals("--help")) {
            // Gogo's help finds a command by its method's name, which this one cannot have: its help is here.
            // The usage line from the annotations cannot name what the trailing String... takes: it is given here.
            return Usage.help(DriverOverrideCommand.class, "_main", FUNCTION)
                    .replace("usage: " + Usage.of(DriverOverrideCommand.class, "_main", FUNCTION), "usage: " + usage());
        }
        if (given < 1) {
            throw new IllegalArgumentException(FUNCTION + ": which device? (usage: " + usage() + ")");
        }
        Device d = views.resolve(FUNCTION, args[first]);
        if (clear == (given == 2) || given > 2) {
            String problem = given > 2 ? "unexpected argument '" + args[first + 2] + "'"
                    : clear ? "--clear takes no driver" : "which driver? (or --clear)";
            throw new IllegalArgumentException(FUNCTION + ": " + problem + " (usage: " + usage() + ")");
        }
        String driver = clear ? null : args[first + 1];
        if (driver != null && driver.startsWith("-")) {
            throw new IllegalArgumentException(FUNCTION + ": unknown option '" + driver + "' (usage: " + usage() + ")");
        }
        String was = d.recordedDriver().orElse("-");
        registry.setDriverOverride(d.path(), Optional.ofNullable(driver));
        return d.path() + ": driver_override " + was + " -> " + (driver == null ? "-" : driver)
                + (d.driver().isPresent() ? " (still bound to " + d.driver().get() + ": unbind and rescan to apply)"
                        : " (dc:rescan or dc:bind applies it)") + "\n";
    }

    private static String usage() {
        return FUNCTION + " [--clear] DEVICE [DRIVER]";
    }
}
