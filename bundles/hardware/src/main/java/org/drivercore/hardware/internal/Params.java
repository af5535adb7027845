package org.drivercore.hardware.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.drivercore.api.LatencyModel;
import org.drivercore.api.hardware.HardwareSpec;

/**
 * Reads a hardware description's parameters for one kind: only the keys the kind knows, each of the right type, and
 * every error naming the description, the parameter, what is wrong and what is accepted.
 */
public final class Params {

    /** Every kind takes a seed: the samples of a device depend on it and on the device's path only. */
    public static final String SEED = "seed";
    /** Every kind takes a source: where its figures come from (free text, kept for the reader). */
    public static final String SOURCE = "source";

    private final HardwareSpec spec;

    /**
     * @param keys the parameters this kind knows (besides {@value #SEED} and {@value #SOURCE})
     */
    public Params(HardwareSpec spec, List<String> keys) {
        this.spec = spec;
        Set<String> known = new TreeSet<>(keys);
        known.add(SEED);
        known.add(SOURCE);
        for (String k : spec.params().keySet()) {
            if (!known.contains(k)) {
                throw bad(k, "is unknown for kind '" + spec.kind() + "' (known: " + String.join(", ", known) + ")");
            }
        }
    }

    public long seed() {
        String text = spec.param(SEED).orElse("0");
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw bad(SEED, "'" + text + "' is not an integer");
        }
    }

    public LatencyModel latency(String key) {
        String text = spec.param(key).orElseThrow(() -> bad(key, "is missing (a latency model such as fixed(5ms))"));
        return parseLatency(key, text);
    }

    /** An optional latency model, {@code absent} (a model's text) when the parameter is not given. */
    public LatencyModel latencyOr(String key, String absent) {
        return parseLatency(key, spec.param(key).orElse(absent));
    }

    private LatencyModel parseLatency(String key, String text) {
        try {
            return LatencyModel.parse(text);
        } catch (IllegalArgumentException e) {
            throw bad(key, e.getMessage());
        }
    }

    public Duration duration(String key, Duration absent) {
        String text = spec.param(key).orElse(null);
        if (text == null) {
            return absent;
        }
        try {
            return LatencyModel.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw bad(key, e.getMessage());
        }
    }

    public int integer(String key, int absent, int min, int max) {
        String text = spec.param(key).orElse(null);
        if (text == null) {
            return absent;
        }
        int v;
        try {
            v = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw bad(key, "'" + text + "' is not an integer");
        }
        if (v < min || v > max) {
            throw bad(key, v + " is out of range (" + min + " to " + max + ")");
        }
        return v;
    }

    public boolean bool(String key, boolean absent) {
        String text = spec.param(key).orElse(null);
        if (text == null) {
            return absent;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(key, "'" + text + "' is not true or false");
        };
    }

    public IllegalArgumentException bad(String key, String what) {
        return new IllegalArgumentException("hardware '" + spec.name() + "': " + key + " " + what);
    }
}
