package org.drivercore.launcher;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.drivercore.common.gogo.GogoMessages;
import org.drivercore.common.text.Terminal;
import org.drivercore.common.text.Wrap;
import org.drivercore.launcher.LaunchOptions.UsageException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;

/**
 * {@code bin/drivercore}: starts the drivercore container ({@link Container}), loads a machine, then either runs one
 * {@code dc:} command and powers off, or opens the Gogo shell ({@link GogoConsole}).
 *
 * <p>Standard output carries only a command's result: while the framework runs, {@code System.out} is redirected
 * to standard error, and the result is written to the original standard output. Exit status: 0 success, 1 the
 * command (or the container) failed, 2 usage error.
 */
public final class Launcher {

    static final String SCOPE = Container.SCOPE;

    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    static final String LOG_ENV = "DRIVERCORE_LOG";

    static final String HINT = "run 'drivercore help' for the commands, 'drivercore --help' for the options";

    static final String SYNOPSIS = String.join("\n",
            "Usage: drivercore [--machine FILE] [--web | COMMAND [ARGS...]]",
            "       drivercore --help",
            "");

    static final String USAGE = SYNOPSIS + String.join("\n",
            "",
            "Starts the drivercore container (Apache Felix) and loads a machine: the embedded",
            "default machine, or the one in FILE.",
            "",
            "With COMMAND, runs the Gogo command dc:COMMAND ARGS..., prints its result on standard",
            "output, then powers the container off. Examples:",
            "  drivercore devices --json",
            "  drivercore --machine server.json tree",
            "  drivercore help              list the commands",
            "",
            "Without COMMAND, opens an interactive Gogo shell on the loaded machine, with line",
            "editing, history and Tab completion. Ctrl-C interrupts the running command;",
            "Ctrl-D or 'stop 0' powers the container off, as SIGTERM does.",
            "",
            "Options (before COMMAND):",
            "  --machine FILE   load FILE instead of the embedded default machine",
            "  --web            with the shell (no COMMAND): also serve the Felix Web Console and",
            "                   its drivercore page on 127.0.0.1:8080 (drivercore.web.* in",
            "                   conf/config.properties; user and password in conf/web.properties,",
            "                   written with a random password on first use)",
            "  -h, --help       show this help",
            "",
            "Environment:",
            "  DRIVERCORE_LOG        log level on standard error: error, warn, info or debug",
            "                        (default: warn)",
            "  DRIVERCORE_HEAP       the most heap the JVM may use, e.g. 4g (default: half the",
            "                        machine's memory)",
            "  DRIVERCORE_JAVA_OPTS  JVM options, e.g. -Ddrivercore.storage=DIR to keep the",
            "                        framework storage in DIR (default: a fresh temporary directory)",
            "  JAVA_HOME             the Java runtime to use (default: java on the PATH)",
            "",
            "Exit status: 0 success, 1 the command failed, 2 usage error; 130 interrupted by",
            "Ctrl-C (SIGINT) and 143 stopped by SIGTERM during a command, after the power-off.",
            "");

    /** Read by the shutdown coordinator when the framework stops (docs/design.md, "System shutdown in the container"). */
    static final String NO_POWER_OFF_PROPERTY = "drivercore.stop.without.poweroff";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    private LogLevel logLevel = LogLevel.WARN;
    private Container container;

    Launcher(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        PrintStream err = System.err;
        int status;
        Launcher launcher = new Launcher(out, err, System.getenv());
        try {
            status = launcher.run(args);
        } catch (Throwable t) {
            err.println("drivercore: " + t);
            t.printStackTrace(err);
            status = EXIT_FAILURE;
        }
        out.flush();
        err.flush();
        if (launcher.container != null && launcher.container.stoppingOnSignal()) {
            // The JVM is exiting on the signal and ends with 128 + its number once the hook is done. System.exit(1)
            // here would block until then, except in the instant after the hooks ran, when a nonzero status halts
            // at once: the exit status was 1 instead of 130 now and then.
            parkUntilTheJvmHalts();
        }
        System.exit(status);
    }

    private static void parkUntilTheJvmHalts() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // only the halt ends this thread
            }
        }
    }

    /** Runs the launcher and returns the exit status. */
    int run(String[] args) {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (UsageException e) {
            err.println("drivercore: " + e.getMessage());
            err.print(SYNOPSIS);
            err.println("run 'drivercore --help' for more");
            return EXIT_USAGE;
        }
        if (options.help()) {
            printResult(out, USAGE);
            return EXIT_OK;
        }
        LogLevel fallback = LogLevel.WARN;
        logLevel = LogLevel.parse(env.get(LOG_ENV), fallback);
        if (logLevel == null) {
            err.println("drivercore: " + LOG_ENV + " must be error, warn, info or debug (not '"
                    + env.get(LOG_ENV) + "'); using " + fallback.slf4jName());
            logLevel = fallback;
        }
        // Without an explicit level, stopping the container (a power-off) still shows its progress on standard error.
        LogSetup.configure(logLevel, env.get(LOG_ENV) != null);
        container = new Container(err, logLevel);
        container.web(options.web(), options.interactive());

        // Felix, SCR, Gogo and the bundles may print on System.out: keep stdout for the result.
        PrintStream originalOut = System.out;
        System.setOut(err);
        int status = EXIT_FAILURE;
        try {
            status = options.interactive() ? interactive(options) : oneShot(options);
        } catch (LaunchException e) {
            err.println("drivercore: " + e.getMessage());
            if (logLevel.includes(LogLevel.DEBUG) && e.getCause() != null) {
                e.getCause().printStackTrace(err);
            }
            status = EXIT_FAILURE;
        } finally {
            if (!container.stop() && status == EXIT_OK) {
                status = EXIT_FAILURE;
            }
            System.setOut(originalOut);
        }
        return status;
    }

    // ---------------------------------------------------------------- modes

    private int oneShot(LaunchOptions options) {
        try {
            return runOneShot(options);
        } finally {
            // A one-shot command ends by stopping the container. That stop is no power-off the user asked for: only
            // the shell, a signal during a command (the shutdown hook), and the shutdown and demo commands (which
            // run their own) power off. A signal before this point still finds the property unset.
            if (!container.stoppingOnSignal()) {
                System.setProperty(NO_POWER_OFF_PROPERTY, "true");
            }
        }
    }

    private int runOneShot(LaunchOptions options) {
        BundleContext context = container.start();
        log(LogLevel.DEBUG, "container ready");
        announceWebConsole();
        try (GogoSession session = GogoSession.open(Container.commandProcessor(context), System.in, err, err)) {
            try {
                String loaded = session.render(session.execute(loadCommand(options.machine())));
                if (loaded != null && logLevel.includes(LogLevel.INFO)) {
                    printResult(err, loaded);
                } else if (loaded != null && logLevel.includes(LogLevel.WARN)) {
                    // At the default level, what the load warns of, once (the loader does not log it again).
                    loaded.lines().filter(l -> l.startsWith("warning: ")).forEach(l -> err.println("drivercore: " + l));
                }
            } catch (Throwable t) {
                reportFailure(t);
                return EXIT_FAILURE;
            }
            if (options.command().equals("help") && !Container.functions(context).contains("help")) {
                printResult(out, commandList(context, options.arguments()));
                return EXIT_OK;
            }
            GogoCommandLine line = GogoCommandLine.of(SCOPE, options.command(), options.arguments());
            Object result;
            container.onSignal(session::interruptForegroundJob);
            try {
                result = session.execute(line);
            } catch (Throwable t) {
                if (container.stoppingOnSignal()) {
                    return EXIT_FAILURE; // the hook said it in one line; the JVM exits with 128 + the signal
                }
                return reportFailure(t);
            } finally {
                container.onSignal(null);
            }
            String text = session.render(result);
            if (text != null) {
                printResult(out, text);
            }
            return EXIT_OK;
        }
    }

    private int interactive(LaunchOptions options) {
        try (GogoConsole console = GogoConsole.open()) {
            BundleContext context = container.start();
            announceWebConsole();
            while (true) {
                try (GogoSession session = GogoSession.open(Container.commandProcessor(context), System.in, err, err)) {
                    String loaded = session.render(session.execute(loadCommand(options.machine())));
                    if (loaded != null) {
                        printResult(out, loaded);
                    }
                } catch (Throwable t) {
                    reportFailure(t);
                    err.println("drivercore: continuing with an empty registry");
                }
                console.start(context);
                FrameworkEvent event;
                try {
                    event = container.framework().waitForStop(0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return EXIT_FAILURE;
                }
                if (event.getType() != FrameworkEvent.STOPPED_UPDATE) {
                    return EXIT_OK;
                }
                // The system bundle was updated: an emulated reboot. Felix restarts itself (the same instance); once
                // it is back, load the machine and start the console again, on the same terminal.
                context = container.awaitReady();
            }
        }
    }

    /**
     * {@code drivercore help}: the launcher's usage and every {@code dc} command with the first line of its own
     * help, which Gogo's {@code help} derives from the command's {@code @Descriptor}; {@code drivercore help CMD}:
     * Gogo's help of that command.
     */
    private static String commandList(BundleContext context, List<String> arguments) {
        Object processor = Container.commandProcessor(context);
        if (!arguments.isEmpty()) {
            return gogoHelp(processor, SCOPE + ":" + arguments.get(0));
        }
        StringBuilder text = new StringBuilder(USAGE).append("\nCommands (drivercore help COMMAND for one):\n");
        int columns = Terminal.columns();
        for (String function : Container.functions(context)) {
            String help = gogoHelp(processor, SCOPE + ":" + function).strip();
            String summary = help.lines().findFirst().orElse(function);
            text.append(Wrap.hanging("  " + (summary.startsWith(function) ? summary : function), columns, "      "));
        }
        return text.toString();
    }

    /** What Gogo's own {@code help NAME} prints. */
    private static String gogoHelp(Object processor, String name) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream captured = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (GogoSession session = GogoSession.open(processor, System.in, captured, captured)) {
            Object result = session.execute(GogoCommandLine.of("felix", "help", List.of(name)));
            String rendered = session.render(result);
            if (rendered != null) {
                captured.print(rendered);
            }
        } catch (Throwable t) {
            captured.print(name + ": " + describe(GogoSession.unwrap(t)));
        }
        captured.flush();
        String help = bytes.toString(StandardCharsets.UTF_8);
        if (help.contains("No methods found matching")) {
            // A command Gogo's help cannot find by method name (dc:critical-path) answers --help itself.
            return commandsOwnHelp(processor, name, help);
        }
        return help;
    }

    private static String commandsOwnHelp(Object processor, String name, String fallback) {
        try (GogoSession session = GogoSession.open(processor, System.in, System.err, System.err)) {
            String function = name.substring(name.indexOf(':') + 1);
            String rendered = session.render(session.execute(GogoCommandLine.of(SCOPE, function, List.of("--help"))));
            return rendered == null ? fallback : rendered;
        } catch (Throwable t) {
            return fallback;
        }
    }

    static GogoCommandLine loadCommand(String machine) {
        return GogoCommandLine.of(SCOPE, "load", machine == null ? List.of() : List.of(machine));
    }

    // ---------------------------------------------------------------- results and errors

    /** One line on standard error: where the web console is, and where its password is. */
    private void announceWebConsole() {
        if (container.webAddress() != null) {
            err.println("drivercore: web console at " + container.webAddress() + " (user and password in "
                    + Container.home().resolve("conf").resolve(WebConsole.CREDENTIALS_FILE) + ")");
        }
    }

    /** Reports a command's failure on standard error and returns the exit status for it. */
    private int reportFailure(Throwable thrown) {
        Throwable t = GogoSession.unwrap(thrown);
        int status = exitStatus(t);
        err.println("drivercore: " + describe(t));
        if (status == EXIT_USAGE) {
            err.println(HINT);
        }
        if (logLevel.includes(LogLevel.DEBUG)) {
            t.printStackTrace(err);
        }
        return status;
    }

    /** 2 for a usage error (an {@link IllegalArgumentException}, as Gogo's own are), 1 otherwise. */
    static int exitStatus(Throwable t) {
        return t instanceof IllegalArgumentException ? EXIT_USAGE : EXIT_FAILURE;
    }

    /** One line for a failure: the message, or Gogo's "Command not found" said plainly. */
    static String describe(Throwable t) {
        if (t.getClass().getName().endsWith(".CommandNotFoundException")) {
            String command = null;
            try {
                command = String.valueOf(t.getClass().getMethod("getCommand").invoke(t));
            } catch (ReflectiveOperationException | RuntimeException e) {
                // fall back on the message
            }
            if (command != null) {
                if (command.startsWith(SCOPE + ":")) {
                    command = command.substring(SCOPE.length() + 1);
                }
                return "unknown command '" + command + "'";
            }
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory (" + t.getMessage() + ") with a heap of at most "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB: run again with a larger one, e.g. "
                    + "DRIVERCORE_HEAP=8g";
        }
        String message = t.getMessage();
        Optional<String> unmatched = GogoMessages.unmatchedCommand(message);
        if (unmatched.isPresent()) {
            String function = unmatched.get();
            return GogoMessages.missingArguments(function, " (drivercore help " + function + " shows its usage)");
        }
        return message == null || message.isBlank() ? t.getClass().getName() : message;
    }

    /** Writes {@code text} as UTF-8, with a trailing newline if it has none. */
    static void printResult(PrintStream stream, String text) {
        byte[] bytes = (text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
        stream.write(bytes, 0, bytes.length);
        stream.flush();
    }

    private void log(LogLevel level, String message) {
        if (logLevel.includes(level)) {
            err.println("drivercore: " + message);
        }
    }
}
