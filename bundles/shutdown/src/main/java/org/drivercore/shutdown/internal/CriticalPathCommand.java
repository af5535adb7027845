package org.drivercore.shutdown.internal;

import java.util.Optional;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.drivercore.common.gogo.Usage;
import org.drivercore.common.json.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code dc:critical-path}. A class of its own because Gogo finds a command's method by its name, and a Java name
 * cannot hold '-': Gogo's reflection also takes a method named {@code _main} for any function of its object (and
 * hands it the function's name first, as a {@code main} gets its program's), so this object serves that one function.
 */
@Component(service = CriticalPathCommand.class)
@GogoCommand(scope = "dc", function = "critical-path")
public final class CriticalPathCommand {

    private static final String NONE = "";

    private final ShutdownService service;

    @Activate
    public CriticalPathCommand(@Reference(name = "service") ShutdownService service) {
        this.service = service;
    }

    @Descriptor("the chain of devices that sets a strategy's critical path on the loaded machine, first to last: each "
            + "device's latency, and why it waits for the one before (its child, its consumer, the sync device before "
            + "it); a run on the virtual clock")
    public String _main(
            @Descriptor("the strategy whose flags make the path (default: the configured one)") @Parameter(
                    names = "--strategy", absentValue = NONE) String strategy,
            @Descriptor("print one JSON document") @Parameter(names = "--json", presentValue = "true",
                    absentValue = "false") boolean json,
            @Descriptor("nothing else is taken") String... rest) {
        // Gogo hands a _main method the command's name first; anything after it was not taken by an option.
        String[] unexpected = rest.length > 0 && rest[0].equals("critical-path") ? java.util.Arrays.copyOfRange(rest, 1, rest.length) : rest;
        if (unexpected.length == 1 && unexpected[0].equals("--help")) {
            // Gogo's help finds a command by its method's name, which this one cannot have: its help is here.
            return Usage.help(CriticalPathCommand.class, "_main", "critical-path");
        }
        Usage.noMore(CriticalPathCommand.class, "_main", "critical-path", unexpected);
        CriticalPathReport.Result r = service.criticalPath(strategy.isBlank() ? Optional.empty() : Optional.of(strategy.trim()));
        return json ? Json.write(CriticalPathReport.json(r)) : CriticalPathReport.text(r);
    }
}
