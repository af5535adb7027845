package org.drivercore.topology.internal.udev;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.drivercore.topology.internal.MachineFormat;

/**
 * Reads a {@code umockdev-record} recording (umockdev's {@code src/umockdev-record.vala}, {@code record_device()}):
 * per device, udev's own lines ({@code P:}, {@code N:}, {@code S:}, {@code E:} and the tags of newer systemd, without
 * the {@code L:} link priority, which the recorder drops), then its sysfs attributes: {@code A: name=value}, text
 * escaped as GLib's {@code g_strescape()} does; {@code H: name=HEX}, binary; {@code L: name=target}, a symlink
 * ({@code driver} names the bound driver; {@code supplier:BUS:NAME} and {@code consumer:BUS:NAME} are device links).
 * {@code N: node=HEX} carries a node's contents. The recorder writes each device before its parent, so records may
 * come child first: parents are found by path, not by order.
 */
public final class UmockdevReader {

    private static final Pattern TAGGED = Pattern.compile("[A-Z]:( .*)?");
    private static final Pattern HEX = Pattern.compile("([0-9A-Fa-f]{2})*");

    private UmockdevReader() {
    }

    public static DeviceRecords read(String source, InputStream in) {
        SourceLines lines = new SourceLines(source, in);
        Map<String, RecordBuilder> records = new LinkedHashMap<>();
        RecordBuilder current = null;
        int duplicates = 0;
        for (String line = lines.next(); line != null; line = lines.next()) {
            if (line.isEmpty()) {
                current = null;
                continue;
            }
            if (!TAGGED.matcher(line).matches()) {
                throw lines.error("not a umockdev recording line: '" + ExportDbReader.abbreviate(line)
                        + "' (expected a tag such as 'P: ', 'E: ', 'A: ', 'H: ' or 'L: ', or a blank line between records)");
            }
            char tag = line.charAt(0);
            String value = line.length() > 3 ? line.substring(3) : "";
            if (tag == 'P') {
                if (!value.startsWith("/")) {
                    throw lines.error("a devpath starts with '/': 'P: " + ExportDbReader.abbreviate(value) + "'");
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
                case 'E' -> {
                    String[] kv = nameValue(value, "E", lines);
                    current.properties.put(kv[0], kv[1]);
                }
                case 'A' -> {
                    String[] kv = nameValue(value, "A", lines);
                    current.attributes.put(kv[0], unescape(kv[1], lines));
                }
                case 'H' -> {
                    String[] kv = nameValue(value, "H", lines);
                    if (!HEX.matcher(kv[1]).matches()) {
                        throw lines.error("'H:' carries a binary attribute as pairs of hex digits: 'H: "
                                + ExportDbReader.abbreviate(value) + "'");
                    }
                }
                case 'L' -> link(current, nameValue(value, "L", lines));
                case 'U' -> current.subsystemLine = value;
                case 'V' -> current.driverLink = value;
                default -> {
                    // N, S and the tags of newer systemd versions: nothing the model needs.
                }
            }
        }
        List<DeviceRecord> devices = RecordBuilder.build(records);
        if (devices.isEmpty()) {
            throw lines.error("no device records (a umockdev recording has 'P: /devices/...' records)");
        }
        List<String> notes = new ArrayList<>();
        if (duplicates > 0) {
            notes.add(duplicates + " duplicated records merged (same P: line)");
        }
        return new DeviceRecords(source, MachineFormat.UMOCKDEV, devices, DmiName.of(devices), notes);
    }

    /** The symlinks that matter: the bound driver, the subsystem, and device links (kept as attributes). */
    private static void link(RecordBuilder r, String[] kv) {
        String name = kv[0];
        if (name.equals("driver")) {
            r.driverLink = RecordBuilder.driverOf(kv[1]);
        } else if (name.equals("subsystem")) {
            r.subsystemLink = RecordBuilder.subsystemOf(kv[1]);
        } else if (name.startsWith("supplier:") || name.startsWith("consumer:")) {
            r.attributes.put(name, kv[1]);
        }
    }

    private static String[] nameValue(String value, String tag, SourceLines lines) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw lines.error("'" + tag + ":' reads NAME=VALUE: '" + tag + ": " + ExportDbReader.abbreviate(value) + "'");
        }
        return new String[] { value.substring(0, eq), value.substring(eq + 1) };
    }

    /** Undoes GLib's {@code g_strescape()}: {@code \b \f \n \r \t \v \\ \"} and octal {@code \NNN}. */
    static String unescape(String s, SourceLines lines) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (++i == s.length()) {
                throw lines.error("an attribute value ends in a lone backslash");
            }
            char e = s.charAt(i);
            switch (e) {
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'v' -> b.append('\u000b');
                case '\\', '"' -> b.append(e);
                default -> {
                    if (e < '0' || e > '7') {
                        throw lines.error("unknown escape '\\" + e + "' in an attribute value");
                    }
                    int v = 0;
                    int n = 0;
                    while (n < 3 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7') {
                        v = v * 8 + (s.charAt(i++) - '0');
                        n++;
                    }
                    i--;
                    b.append((char) (v & 0xff));
                }
            }
        }
        return b.toString();
    }
}
