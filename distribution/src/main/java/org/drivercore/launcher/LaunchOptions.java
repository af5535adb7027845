package org.drivercore.launcher;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The launcher's command line: {@code [--machine FILE] [--web] [-h|--help] [--] [COMMAND [ARGS...]]}.
 * Options are read only before COMMAND; everything after COMMAND belongs to the command
 * (so {@code devices --json} passes {@code --json} on to {@code dc:devices}).
 */
final class LaunchOptions {

    /** Thrown for a command line the launcher cannot use; the launcher exits with status 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private final boolean help;
    private final boolean web;
    private final String machine;
    private final String command;
    private final List<String> arguments;

    private LaunchOptions(boolean help, boolean web, String machine, String command, List<String> arguments) {
        this.help = help;
        this.web = web;
        this.machine = machine;
        this.command = command;
        this.arguments = Collections.unmodifiableList(new ArrayList<>(arguments));
    }

    static LaunchOptions parse(String... args) throws UsageException {
        Objects.requireNonNull(args, "args");
        boolean help = false;
        boolean web = false;
        String machine = null;
        int i = 0;
        while (i < args.length) {
            String arg = args[i];
            if (arg.equals("--")) {
                i++;
                break;
            }
            if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
                i++;
            } else if (arg.equals("--web")) {
                web = true;
                i++;
            } else if (arg.equals("--machine")) {
                if (i + 1 >= args.length) {
                    throw new UsageException("option --machine needs a FILE");
                }
                machine = nonEmptyMachine(args[i + 1]);
                i += 2;
            } else if (arg.startsWith("--machine=")) {
                machine = nonEmptyMachine(arg.substring("--machine=".length()));
                i++;
            } else if (arg.startsWith("-") && arg.length() > 1) {
                throw new UsageException("unknown option '" + arg + "'");
            } else {
                break;
            }
        }
        String command = null;
        List<String> rest = new ArrayList<>();
        if (i < args.length) {
            command = commandName(args[i]);
            for (int j = i + 1; j < args.length; j++) {
                rest.add(args[j]);
            }
        }
        if (web && command != null) {
            throw new UsageException("--web serves the web console beside the shell: give it without a COMMAND");
        }
        return new LaunchOptions(help, web, machine, command, rest);
    }

    private static String nonEmptyMachine(String file) throws UsageException {
        if (file.isEmpty()) {
            throw new UsageException("option --machine needs a FILE");
        }
        return file;
    }

    /**
     * A command is a Gogo function name of scope {@code dc}; {@code dc:devices} is accepted for
     * {@code devices}. The name goes into the Gogo command line as it is, so it must be a plain word.
     */
    private static String commandName(String arg) throws UsageException {
        String name = arg.startsWith(Launcher.SCOPE + ":") ? arg.substring(Launcher.SCOPE.length() + 1) : arg;
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*")) {
            throw new UsageException("'" + arg + "' is not a command name");
        }
        return name;
    }

    boolean help() {
        return help;
    }

    /** Whether {@code --web} asks for the web console (the setting {@code drivercore.web} may too). */
    boolean web() {
        return web;
    }

    /** The machine file given with {@code --machine}, or null for the embedded default machine. */
    String machine() {
        return machine;
    }

    /** The command (without the {@code dc:} scope), or null for the interactive shell. */
    String command() {
        return command;
    }

    List<String> arguments() {
        return arguments;
    }

    boolean interactive() {
        return command == null;
    }
}
