package org.drivercore.topology.internal.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Linux's subsystems by name, from the table {@code linux-subsystems.tsv} beside this class: whether a name is a bus
 * type, a device class or both (a udev database cannot tell which by {@code SUBSYSTEM=} alone), whether a bus's
 * devices are enumerated at boot by the subsystem itself or created by a driver's probe, and which bus bundle serves
 * it. Each row names the kernel's definition it was read from.
 */
public final class Subsystems {

    /** What a subsystem's name stands for. */
    public enum Kind { BUS, CLASS, BOTH }

    /** How a bus's devices come to be: its subsystem enumerates them at boot, or a driver's probe adds them. */
    public enum Creation { BOOT, PROBE }

    /**
     * One row. {@code bootBelow} names the buses below whose devices a {@link Creation#BOOT} bus's devices are still
     * enumerated at boot, besides its own. {@code servedBy} is the bundle of a hand-written bus type, or null for the
     * generic one.
     */
    public record Subsystem(String name, Kind kind, Creation creation, Set<String> bootBelow, String servedBy,
            String source) {

        /** Whether the boot enumerates a device of this bus below a device of {@code parentSubsystem} (null: none). */
        public boolean enumeratedBelow(String parentSubsystem) {
            return creation == Creation.BOOT
                    && (parentSubsystem == null || parentSubsystem.equals(name) || bootBelow.contains(parentSubsystem));
        }
    }

    static final String TABLE = "linux-subsystems.tsv";
    private static final Pattern DEVICES = Pattern.compile("(-|boot|probe)(?:\\(([a-z0-9_,-]+)\\))?");
    private static final Subsystems LINUX = load();

    private final Map<String, Subsystem> byName;

    private Subsystems(Map<String, Subsystem> byName) {
        this.byName = byName;
    }

    public static Subsystems linux() {
        return LINUX;
    }

    public Optional<Subsystem> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    private static Subsystems load() {
        InputStream in = Subsystems.class.getResourceAsStream(TABLE);
        if (in == null) {
            throw new IllegalStateException(TABLE + " is missing from the topology bundle");
        }
        Map<String, Subsystem> rows = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int n = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t+");
                if (f.length != 5) {
                    throw new IllegalStateException(TABLE + ":" + n + ": expected 5 tab-separated columns, found " + f.length);
                }
                Kind kind = Kind.valueOf(f[1].trim().toUpperCase(Locale.ROOT));
                Matcher devices = DEVICES.matcher(f[2].trim());
                if (!devices.matches() || (kind == Kind.CLASS) != devices.group(1).equals("-")) {
                    throw new IllegalStateException(TABLE + ":" + n + ": a bus's devices are boot, boot(BUS,...) or probe; "
                            + "a class's '-'");
                }
                Creation creation = kind == Kind.CLASS ? null : Creation.valueOf(devices.group(1).toUpperCase(Locale.ROOT));
                Set<String> below = devices.group(2) == null ? Set.of() : Set.of(devices.group(2).split(","));
                String servedBy = f[3].trim().equals("-") ? null : f[3].trim();
                Subsystem row = new Subsystem(f[0].trim(), kind, creation, below, servedBy, f[4].trim());
                if (rows.put(row.name(), row) != null) {
                    throw new IllegalStateException(TABLE + ":" + n + ": '" + f[0].trim() + "' is listed twice");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Subsystems(Map.copyOf(rows));
    }
}
