package org.drivercore.api;

import java.util.List;

/**
 * What a load registered.
 *
 * @param name        the machine's name (an imported machine's DMI vendor and product, else its file's name)
 * @param description its description
 * @param source      the file (or {@code embedded:default-machine.json})
 * @param format      what the source was: {@code machine file}, {@code udevadm export-db}, {@code umockdev recording}
 *                    or {@code live /sys}
 * @param devices     devices registered directly
 * @param createdByDrivers devices recorded as created by drivers in probe (registered as their drivers bind)
 * @param links       links made
 * @param profiles    the latency profiles given to the modelled driver
 * @param buses       the bus types asked of the generic bus bundle
 * @param defaultedDrivers the drivers an import gave the default latency profile, for want of a known one
 * @param notes       what an import repaired or skipped (duplicated records merged, links with a missing end)
 * @param warnings    what did not stop the load but needs attention (a profile whose driver did not appear)
 */
public record LoadedMachine(String name, String description, String source, String format, int devices,
        int createdByDrivers, int links, List<String> profiles, List<String> buses, List<String> defaultedDrivers,
        List<String> notes, List<String> warnings) {

    /** The format of drivercore's own machine files. */
    public static final String MACHINE_FILE = "machine file";

    public LoadedMachine {
        profiles = List.copyOf(profiles);
        buses = List.copyOf(buses);
        defaultedDrivers = List.copyOf(defaultedDrivers);
        notes = List.copyOf(notes);
        warnings = List.copyOf(warnings);
    }

    /** A machine file's load: no buses asked, nothing defaulted or noted. */
    public LoadedMachine(String name, String description, String source, int devices, int createdByDrivers, int links,
            List<String> profiles, List<String> warnings) {
        this(name, description, source, MACHINE_FILE, devices, createdByDrivers, links, profiles, List.of(), List.of(),
                List.of(), warnings);
    }
}
