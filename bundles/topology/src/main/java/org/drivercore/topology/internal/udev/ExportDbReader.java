package org.drivercore.topology.internal.udev;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.drivercore.topology.internal.MachineFormat;

/**
 * Reads {@code udevadm info --export-db}, every generation seen in the wild (systemd's
 * {@code src/udev/udevadm-info.c}, {@code print_record()}): records separated by blank lines, each line a one-letter
 * tag, a colon, a space and a value.
 * <ul>
 * <li>{@code P:} the devpath, first in a record; {@code N:} device node, {@code S:} symlink, {@code L:} the
 * symlinks' priority (a number), {@code E:} a property {@code KEY=VALUE}: the old generation has only these.</li>
 * <li>Newer ones add {@code M:} sysname, {@code R:} sysnum, {@code U:} subsystem, {@code T:} devtype, {@code D:}
 * device number, {@code I:} ifindex, {@code J:} device id, {@code Q:} diskseq, {@code V:} driver, {@code G:}/{@code
 * Q:} tags. {@code U:} and {@code V:} stand in for {@code SUBSYSTEM=} and {@code DRIVER=} where those are missing;
 * the rest is not needed, and a tag this reader does not know is skipped, as a newer systemd may add one.</li>
 * <li>Values are kept as udev wrote them: the {@code \xNN} escapes of the {@code *_ENC} properties are udev's own.</li>
 * <li>A device recorded twice is merged into its first record; a line that lost its {@code E: } prefix but reads
 * {@code KEY=VALUE} is taken as a property. Both are counted in the notes.</li>
 * </ul>
 * Anything else is an error at its line.
 */
public final class ExportDbReader {

    /** A property line that lost its {@code E: } prefix: udev's property names are upper-case identifiers. */
    private static final Pattern STRAY_PROPERTY = Pattern.compile("[A-Z_][A-Z0-9_]*=.*");
    private static final Pattern TAGGED = Pattern.compile("[A-Z]:( .*)?");

    private ExportDbReader() {
    }

    public static DeviceRecords read(String source, InputStream in) {
        SourceLines lines = new SourceLines(source, in);
        Map<String, RecordBuilder> records = new LinkedHashMap<>();
        RecordBuilder current = null;
        int duplicates = 0;
        int stray = 0;
        for (String line = lines.next(); line != null; line = lines.next()) {
            if (line.isEmpty()) {
                current = null;
                continue;
            }
            if (!TAGGED.matcher(line).matches()) {
                if (current != null && STRAY_PROPERTY.matcher(line).matches()) {
                    property(current, line, lines);
                    stray++;
                    continue;
                }
                throw lines.error("not a udev database line: '" + abbreviate(line)
                        + "' (expected a tag such as 'P: ' or 'E: ', or a blank line between records)");
            }
            char tag = line.charAt(0);
            String value = line.length() > 3 ? line.substring(3) : "";
            if (tag == 'P') {
                if (!value.startsWith("/")) {
                    throw lines.error("a devpath starts with '/': 'P: " + abbreviate(value) + "'");
                }
                current = records.get(value);
                if (current == null) {
                    current = new RecordBuilder(value, lines.number());
                    records.put(value, current);
                } else {
                    duplicates++;
                }
                continue;
            }
            if (current == null) {
                throw lines.error("'" + tag + ":' outside a record: a record starts with 'P: /devices/...'");
            }
            switch (tag) {
                case 'E' -> property(current, value, lines);
                case 'L' -> priority(value, lines);
                case 'U' -> current.subsystemLine = value;
                case 'V' -> current.driverLink = value;
                default -> {
                    // N, S, M, R, T, D, I, J, Q, G and tags of later systemd versions: nothing the model needs.
                }
            }
        }
        List<DeviceRecord> devices = RecordBuilder.build(records);
        if (devices.isEmpty()) {
            throw lines.error("no device records (a udev database has 'P: /devices/...' records)");
        }
        List<String> notes = new ArrayList<>();
        if (duplicates > 0) {
            notes.add(duplicates + " duplicated records merged (same P: line)");
        }
        if (stray > 0) {
            notes.add(stray + " lines without their 'E: ' prefix read as properties");
        }
        return new DeviceRecords(source, MachineFormat.UDEV_EXPORT_DB, devices, DmiName.of(devices), notes);
    }

    private static void property(RecordBuilder r, String value, SourceLines lines) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw lines.error("a property reads KEY=VALUE: 'E: " + abbreviate(value) + "'");
        }
        r.properties.put(value.substring(0, eq), value.substring(eq + 1));
    }

    /** {@code L:} is the priority of the device's symlinks, a number in every generation. */
    private static void priority(String value, SourceLines lines) {
        try {
            Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw lines.error("'L:' is a link priority, a number: 'L: " + abbreviate(value) + "'"
                    + (value.contains("=") ? " (a umockdev recording's L: line? it starts with a record's A: lines)" : ""));
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
