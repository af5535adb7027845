package org.drivercore.api;

import java.util.List;
import java.util.Map;

/** Id-table matching as buses do it by default: MODALIAS globs, device-tree compatibles, names. */
public final class IdTable {

    private IdTable() {
    }

    /**
     * Whether any entry of the table matches the device: an entry with a glob character or a {@code :} is
     * matched against {@code MODALIAS}; any entry is compared with each {@code OF_COMPATIBLE_N} property and
     * with the device name.
     */
    public static boolean matches(List<String> table, Device device) {
        if (table.isEmpty()) {
            return false;
        }
        Map<String, String> props = device.properties();
        String modalias = props.get("MODALIAS");
        for (String entry : table) {
            if (modalias != null && glob(entry, modalias)) {
                return true;
            }
            if (entry.equals(device.name())) {
                return true;
            }
            for (Map.Entry<String, String> p : props.entrySet()) {
                if (p.getKey().startsWith("OF_COMPATIBLE_") && !p.getKey().equals("OF_COMPATIBLE_N")
                        && entry.equals(p.getValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Shell-style glob with {@code *} and {@code ?}, as {@code fnmatch} does for module aliases. */
    public static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
