package org.drivercore.api.hardware;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a machine file says of one device's hardware: its kind ({@code nvme}, {@code disk}, {@code ahci}, {@code xhci},
 * {@code nic}) and its parameters, as text ({@code "shutdown": "lognormal(median=4500ms, sigma=0.05)"}, {@code "seed":
 * "1"}). What the kinds and their parameters are is the {@link Hardware} service's to say ({@link Hardware#check}).
 *
 * @param name   the name the machine file gives the description ({@code pm1733}), for messages
 * @param kind   the kind of hardware
 * @param params the parameters, by name
 */
public record HardwareSpec(String name, String kind, Map<String, String> params) {

    public HardwareSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        params = Map.copyOf(params);
    }

    /** A parameter, if given. */
    public Optional<String> param(String key) {
        return Optional.ofNullable(params.get(key));
    }

    @Override
    public String toString() {
        return name + " (" + kind + " " + new TreeMap<>(params) + ")";
    }
}
