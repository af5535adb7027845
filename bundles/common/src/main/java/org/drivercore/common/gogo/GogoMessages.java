package org.drivercore.common.gogo;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gogo's own failure messages, said plainly. Plain Java (no Gogo types), so that the launcher, outside OSGi, reads them
 * the same way as the console.
 */
public final class GogoMessages {

    /** "Cannot coerce bind(String) to any of [(String, String, String[])]": no method takes the arguments given. */
    private static final Pattern NO_METHOD = Pattern.compile("^Cannot coerce ([\\w-]+)\\(");

    private GogoMessages() {
    }

    /** The command whose methods none took the arguments given (too few, or an option without its value), if so. */
    public static Optional<String> unmatchedCommand(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = NO_METHOD.matcher(message);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** "bind: missing or wrong arguments" and where its usage is, for a command Gogo found no method of. */
    public static String missingArguments(String function, String whereUsage) {
        return function + ": missing or wrong arguments" + whereUsage;
    }
}
