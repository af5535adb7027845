package org.drivercore.launcher;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Gogo command line that passes each argument literally, whatever characters it has.
 *
 * <p>Gogo is a language: a bare word may be a variable ({@code $x}), a closure ({@code {...}}),
 * a redirection, a glob, a number or {@code true}/{@code false}/{@code null}. So every argument
 * goes into a session variable and the command line refers to it as a bare {@code $name}: a word
 * that is exactly one variable gives the variable's value as it is, with no brace expansion,
 * globbing or unquoting (inside double quotes Gogo would unquote the value: {@code "a"} would lose
 * its quotes and a backslash would escape). Only plain options such as {@code --json}
 * or {@code -v} stay literal words, so that Gogo's own option matching (and a command that scans
 * its String arguments) sees them unchanged.
 */
final class GogoCommandLine {

    /** Literal option words: {@code -x}, {@code --json}, {@code --no-color}. */
    private static final Pattern OPTION = Pattern.compile("--?[A-Za-z][A-Za-z0-9-]*");

    /** Prefix of the session variables that hold the arguments. */
    static final String VARIABLE_PREFIX = "drivercore_arg";

    private final String text;
    private final Map<String, Object> variables;

    private GogoCommandLine(String text, Map<String, Object> variables) {
        this.text = text;
        this.variables = Collections.unmodifiableMap(variables);
    }

    /**
     * @param scope    the command scope, e.g. {@code dc}
     * @param function the function name, a plain word (see {@link LaunchOptions})
     * @param args     the arguments, passed literally
     */
    static GogoCommandLine of(String scope, String function, List<String> args) {
        StringBuilder text = new StringBuilder(scope).append(':').append(function);
        Map<String, Object> variables = new LinkedHashMap<>();
        for (String arg : args) {
            text.append(' ');
            if (OPTION.matcher(arg).matches()) {
                text.append(arg);
            } else {
                String name = VARIABLE_PREFIX + variables.size();
                variables.put(name, arg);
                text.append('$').append(name);
            }
        }
        return new GogoCommandLine(text.toString(), variables);
    }

    /** What to pass to {@code CommandSession.execute}. */
    String text() {
        return text;
    }

    /** Session variables to set before executing {@link #text()}. */
    Map<String, Object> variables() {
        return variables;
    }

    @Override
    public String toString() {
        return text;
    }
}
