package org.drivercore.api;

import java.util.List;

/**
 * What a load registered.
 *
 * @param name        the machine's name
 * @param description its description
 * @param source      the file (or {@code embedded:default-machine.json})
 * @param devices     devices registered directly
 * @param createdByDrivers devices recorded as created by drivers in probe (registered as their drivers bind)
 * @param links       links made
 * @param profiles    the latency profiles given to the modelled driver
 * @param warnings    what did not stop the load but needs attention (a profile whose driver did not appear)
 */
public record LoadedMachine(String name, String description, String source, int devices, int createdByDrivers, int links,
        List<String> profiles, List<String> warnings) {

    public LoadedMachine {
        profiles = List.copyOf(profiles);
        warnings = List.copyOf(warnings);
    }
}
