package org.drivercore.launcher;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;

import org.apache.felix.main.AutoProcessor;
import org.apache.felix.main.Main;
import org.drivercore.launcher.LaunchOptions.UsageException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * {@code bin/drivercore}: starts the drivercore container (Apache Felix with the bundles of
 * {@code conf/config.properties}), loads a machine, then either runs one {@code dc:} command and
 * powers off, or opens the Gogo shell.
 *
 * <p>Standard output carries only a command's result: while the framework runs,
 * {@code System.out} is redirected to standard error, and the result is written to the original
 * standard output. Exit status: 0 success, 1 the command (or the container) failed, 2 usage error.
 */
public final class Launcher {

    static final String SCOPE = "dc";

    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    static final String HOME_PROPERTY = "drivercore.home";
    static final String STORAGE_PROPERTY = "drivercore.storage";
    static final String READY_TIMEOUT_PROPERTY = "drivercore.ready.timeout";
    static final String STOP_TIMEOUT_PROPERTY = "drivercore.stop.timeout";
    static final String LOG_ENV = "DRIVERCORE_LOG";
    static final String GOGO_SHELL = "org.apache.felix.gogo.shell";

    static final String SLF4J_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    static final String SLF4J_LOG_FILE = "org.slf4j.simpleLogger.logFile";
    static final String SLF4J_PROGRESS_LEVEL = "org.slf4j.simpleLogger.log.org.drivercore.shutdown.internal.Progress";
    static final String COMMAND_SCOPE = "osgi.command.scope";
    static final String COMMAND_FUNCTION = "osgi.command.function";
    static final String COMMAND_SESSION_LISTENER = "org.apache.felix.service.command.CommandSessionListener";

    static final String HINT = "run 'drivercore help' for the commands, 'drivercore --help' for the options";

    static final String SYNOPSIS = String.join("\n",
            "Usage: drivercore [--machine FILE] [COMMAND [ARGS...]]",
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
            "Without COMMAND, opens an interactive Gogo shell on the loaded machine; stop it",
            "(and power off) with 'stop 0', Ctrl-D or Ctrl-C.",
            "",
            "Options (before COMMAND):",
            "  --machine FILE   load FILE instead of the embedded default machine",
            "  -h, --help       show this help",
            "",
            "Environment:",
            "  DRIVERCORE_LOG        log level on standard error: error, warn, info or debug",
            "                        (default: warn for a command, info for the shell)",
            "  DRIVERCORE_JAVA_OPTS  JVM options, e.g. -Ddrivercore.storage=DIR to keep the",
            "                        framework storage in DIR (default: a fresh temporary directory)",
            "  JAVA_HOME             the Java runtime to use (default: java on the PATH)",
            "",
            "Exit status: 0 success, 1 the command failed, 2 usage error.",
            "");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    private LogLevel logLevel = LogLevel.WARN;
    private volatile Framework framework;
    private Map<String, String> configProperties = Map.of();
    /** Whether Gogo stops the framework itself when its console ends (a user's gosh.args). */
    private boolean gogoShuts;
    private final AtomicInteger shellGeneration = new AtomicInteger();
    private Path storage;
    private boolean temporaryStorage;
    private Thread shutdownHook;
    private final Object lifecycle = new Object();
    private boolean cleanedUp;

    Launcher(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        PrintStream err = System.err;
        int status;
        try {
            status = new Launcher(out, err, System.getenv()).run(args);
        } catch (Throwable t) {
            err.println("drivercore: " + t);
            t.printStackTrace(err);
            status = EXIT_FAILURE;
        }
        out.flush();
        err.flush();
        System.exit(status);
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
        LogLevel fallback = options.interactive() ? LogLevel.INFO : LogLevel.WARN;
        logLevel = LogLevel.parse(env.get(LOG_ENV), fallback);
        if (logLevel == null) {
            err.println("drivercore: " + LOG_ENV + " must be error, warn, info or debug (not '"
                    + env.get(LOG_ENV) + "'); using " + fallback.slf4jName());
            logLevel = fallback;
        }
        setIfAbsent(SLF4J_LEVEL, logLevel.slf4jName());
        setIfAbsent(SLF4J_LOG_FILE, "System.err");
        if (env.get(LOG_ENV) == null) {
            // Stopping the container is a power-off: show its progress as devices finish, on standard error.
            setIfAbsent(SLF4J_PROGRESS_LEVEL, LogLevel.INFO.slf4jName());
        }
        configureJavaLogging(logLevel);

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
            if (!shutdown() && status == EXIT_OK) {
                status = EXIT_FAILURE;
            }
            System.setOut(originalOut);
        }
        return status;
    }

    // ---------------------------------------------------------------- modes

    private int oneShot(LaunchOptions options) {
        BundleContext context = start(false);
        try (GogoSession session = GogoSession.open(commandProcessor(context), System.in, err, err)) {
            try {
                String loaded = session.render(session.execute(loadCommand(options.machine())));
                if (loaded != null && logLevel.includes(LogLevel.INFO)) {
                    printResult(err, loaded);
                }
            } catch (Throwable t) {
                reportFailure(t);
                return EXIT_FAILURE;
            }
            if (options.command().equals("help") && !functions(context).contains("help")) {
                printResult(out, commandList(context));
                return EXIT_OK;
            }
            GogoCommandLine line = GogoCommandLine.of(SCOPE, options.command(), options.arguments());
            Object result;
            try {
                result = session.execute(line);
            } catch (Throwable t) {
                return reportFailure(t);
            }
            String text = session.render(result);
            if (text != null) {
                printResult(out, text);
            }
            return EXIT_OK;
        }
    }

    private int interactive(LaunchOptions options) {
        BundleContext context = start(true);
        while (true) {
            try (GogoSession session = GogoSession.open(commandProcessor(context), System.in, err, err)) {
                String loaded = session.render(session.execute(loadCommand(options.machine())));
                if (loaded != null) {
                    printResult(out, loaded);
                }
            } catch (Throwable t) {
                reportFailure(t);
                err.println("drivercore: continuing with an empty registry");
            }
            startShell(context);
            FrameworkEvent event;
            try {
                event = framework.waitForStop(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return EXIT_FAILURE;
            }
            if (event.getType() != FrameworkEvent.STOPPED_UPDATE) {
                return EXIT_OK;
            }
            // The system bundle was updated: an emulated reboot. Felix restarts itself (the same
            // instance); once it is back, load the machine and open a new shell again.
            log(LogLevel.INFO, "rebooting");
            context = awaitReady(framework, configProperties);
            err.println("drivercore: rebooted; the previous Gogo console may still take the first line"
                    + " typed: press Enter once");
        }
    }

    /**
     * Starts the Gogo shell bundle (transiently: a reboot does not restart it by itself), and
     * powers off when its console ends (Ctrl-D, {@code exit 0}).
     *
     * <p>The shell runs with {@code gosh.args=--noshutdown}, and this launcher stops the framework
     * when the console ends, instead of Gogo: Gogo's console thread reads standard input without
     * being interruptible, so after a reboot the previous console still waits for a line; with
     * Gogo's own shutdown, that stale console would stop the rebooted container on the first line
     * typed. Here only the console of the current shell, with the shell bundle active, powers off.
     */
    private void startShell(BundleContext context) {
        Bundle shell = Arrays.stream(context.getBundles())
                .filter(b -> GOGO_SHELL.equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new LaunchException("the Gogo shell bundle (" + GOGO_SHELL
                        + ") is not installed; check conf/config.properties"));
        int generation = shellGeneration.incrementAndGet();
        if (!gogoShuts) {
            watchConsole(context, shell, generation);
        }
        try {
            shell.start(Bundle.START_TRANSIENT);
        } catch (BundleException e) {
            throw new LaunchException("cannot start the Gogo shell: " + e.getMessage(), e);
        }
    }

    /**
     * Registers a Gogo {@code CommandSessionListener} (a proxy of the interface as the Gogo runtime
     * bundle loads it) that powers off when the shell's {@code gosh --login} command returns.
     */
    private void watchConsole(BundleContext context, Bundle shell, int generation) {
        ServiceReference<?> processor = context.getServiceReference(GogoSession.COMMAND_PROCESSOR);
        Class<?> listenerType;
        try {
            listenerType = processor.getBundle().loadClass(COMMAND_SESSION_LISTENER);
        } catch (ClassNotFoundException | RuntimeException e) {
            log(LogLevel.WARN, "cannot watch the Gogo console (" + e + "); end the shell with 'stop 0'");
            return;
        }
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "drivercore console listener";
                case "afterExecute":
                    if (args.length == 3 && String.valueOf(args[1]).trim().startsWith("gosh --login")) {
                        consoleEnded(shell, generation);
                    }
                    return null;
                default:
                    return null;
            }
        };
        Object listener = Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] { listenerType }, handler);
        context.registerService(listenerType.getName(), listener, null);
    }

    private void consoleEnded(Bundle shell, int generation) {
        Framework fw = framework;
        if (generation == shellGeneration.get() && shell.getState() == Bundle.ACTIVE
                && fw != null && fw.getState() == Bundle.ACTIVE) {
            try {
                fw.stop();
            } catch (BundleException e) {
                err.println("drivercore: cannot stop the container: " + e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- container

    /** Creates, initializes and starts the framework, and waits until the commands are there. */
    private BundleContext start(boolean interactive) {
        Path home = home();
        Path configFile = home.resolve("conf").resolve("config.properties");
        if (!Files.isRegularFile(configFile)) {
            throw new LaunchException("cannot find " + configFile + " (set -D" + HOME_PROPERTY
                    + "=DIR to the distribution's directory)");
        }
        System.setProperty(HOME_PROPERTY, home.toString());
        setIfAbsent(Main.CONFIG_PROPERTIES_PROP, configFile.toUri().toString());
        Map<String, String> properties = Main.loadConfigProperties();
        if (properties == null) {
            throw new LaunchException("cannot read " + System.getProperty(Main.CONFIG_PROPERTIES_PROP));
        }
        Main.copySystemProperties(properties);

        if (storage == null) {
            storage = storage();
        }
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        properties.putIfAbsent(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.putIfAbsent("felix.fileinstall.tmpdir", storage.resolve("fileinstall").toString());
        properties.putIfAbsent("felix.log.level", Integer.toString(logLevel.felixLevel()));
        if (interactive) {
            properties.putIfAbsent("gosh.args", "--noshutdown");
            List<String> goshArgs = Arrays.asList(properties.get("gosh.args").trim().split("\\s+"));
            gogoShuts = !goshArgs.contains("--noshutdown") && !goshArgs.contains("-s");
        } else {
            properties.putIfAbsent("gosh.args", "--nointeractive");
        }
        configProperties = properties;
        Map<String, Object> configuration = new HashMap<>(properties);
        configuration.put("felix.log.logger",
                new StderrLogger(err, Integer.parseInt(properties.get("felix.log.level").trim())));

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, Launcher.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new LaunchException("no OSGi framework on the class path (lib/)"));
        @SuppressWarnings({ "unchecked", "rawtypes" })
        Framework created = factory.newFramework((Map) configuration);
        synchronized (lifecycle) {
            framework = created;
            if (shutdownHook == null) {
                shutdownHook = new Thread(this::shutdownFromHook, "drivercore shutdown");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
        }
        try {
            created.init();
            if (created.getBundleContext().getBundles().length == 1) {
                AutoProcessor.process(properties, created.getBundleContext());
            }
            created.start();
        } catch (BundleException e) {
            throw new LaunchException("cannot start the OSGi framework: " + e.getMessage(), e);
        }
        return awaitReady(created, properties);
    }

    /**
     * Waits (bounded) for the beginning start level, the Gogo {@code CommandProcessor}, and a
     * service of scope {@code dc} with the function {@code load}.
     */
    private BundleContext awaitReady(Framework fw, Map<String, String> properties) {
        long timeoutSeconds = seconds(READY_TIMEOUT_PROPERTY, 30);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        int beginning = parseInt(properties.get(Constants.FRAMEWORK_BEGINNING_STARTLEVEL), 1);
        while (true) {
            String missing = null;
            // re-read each time: while Felix restarts itself (a reboot) there is no context yet
            BundleContext context = fw.getState() == Bundle.ACTIVE ? fw.getBundleContext() : null;
            FrameworkStartLevel startLevel = context == null ? null : fw.adapt(FrameworkStartLevel.class);
            if (context == null || startLevel == null) {
                missing = "the framework to start";
            } else if (startLevel.getStartLevel() < beginning) {
                missing = "start level " + beginning + " (at " + startLevel.getStartLevel() + ")";
            } else if (context.getServiceReference(GogoSession.COMMAND_PROCESSOR) == null) {
                missing = "the Gogo CommandProcessor service";
            } else if (!functions(context).contains("load")) {
                missing = "the " + SCOPE + ":load command (a service with " + COMMAND_SCOPE + "=" + SCOPE + ")";
            }
            if (missing == null) {
                log(LogLevel.DEBUG, "container ready");
                return context;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new LaunchException("the container was not ready within " + timeoutSeconds + " s: waiting for "
                        + missing + (context == null ? "" : inactiveBundles(context)));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException("interrupted while starting", e);
            }
        }
    }

    private static String inactiveBundles(BundleContext context) {
        List<String> inactive = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            boolean fragment = bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            if (bundle.getState() != Bundle.ACTIVE && !fragment && !GOGO_SHELL.equals(bundle.getSymbolicName())) {
                inactive.add(bundle.getSymbolicName() + " (" + stateName(bundle.getState()) + ")");
            }
        }
        return inactive.isEmpty() ? "" : "; bundles not active: " + String.join(", ", inactive);
    }

    private static String stateName(int state) {
        switch (state) {
            case Bundle.INSTALLED:
                return "INSTALLED, unresolved";
            case Bundle.RESOLVED:
                return "RESOLVED, not started";
            case Bundle.STARTING:
                return "STARTING";
            case Bundle.STOPPING:
                return "STOPPING";
            default:
                return "state " + state;
        }
    }

    private Object commandProcessor(BundleContext context) {
        ServiceReference<?> reference = context.getServiceReference(GogoSession.COMMAND_PROCESSOR);
        Object processor = reference == null ? null : context.getService(reference);
        if (processor == null) {
            throw new LaunchException("the Gogo CommandProcessor service is gone");
        }
        return processor;
    }

    /** The functions of scope {@code dc} that are registered now. */
    static Collection<String> functions(BundleContext context) {
        Collection<String> functions = new TreeSet<>();
        ServiceReference<?>[] references;
        try {
            references = context.getServiceReferences((String) null, "(" + COMMAND_SCOPE + "=" + SCOPE + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (references != null) {
            for (ServiceReference<?> reference : references) {
                functions.addAll(names(reference.getProperty(COMMAND_FUNCTION)));
            }
        }
        return functions;
    }

    /** {@code osgi.command.function} may be a String, a String[] or a Collection. */
    static List<String> names(Object property) {
        List<String> names = new ArrayList<>();
        if (property instanceof String) {
            names.add((String) property);
        } else if (property instanceof Object[]) {
            for (Object o : (Object[]) property) {
                names.add(String.valueOf(o));
            }
        } else if (property instanceof Collection) {
            for (Object o : (Collection<?>) property) {
                names.add(String.valueOf(o));
            }
        }
        return names;
    }

    private static String commandList(BundleContext context) {
        StringBuilder text = new StringBuilder(USAGE).append("\nCommands:\n");
        for (String function : functions(context)) {
            text.append("  ").append(function).append('\n');
        }
        return text.toString();
    }

    static GogoCommandLine loadCommand(String machine) {
        return GogoCommandLine.of(SCOPE, "load", machine == null ? List.of() : List.of(machine));
    }

    // ---------------------------------------------------------------- results and errors

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
        String message = t.getMessage();
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

    // ---------------------------------------------------------------- stop and clean up

    /**
     * Stops the framework (the emulated power-off) and waits for it, then deletes a temporary
     * storage. Returns false if the framework did not stop in time.
     */
    private boolean shutdown() {
        boolean stopped = stopFramework();
        synchronized (lifecycle) {
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // the JVM is already shutting down: the hook runs anyway
                }
                shutdownHook = null;
            }
        }
        cleanUp();
        return stopped;
    }

    private void shutdownFromHook() {
        if (framework != null && (framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
            log(LogLevel.INFO, "stopping");
        }
        stopFramework();
        cleanUp();
    }

    private boolean stopFramework() {
        Framework fw = framework;
        if (fw == null) {
            return true;
        }
        long timeoutSeconds = seconds(STOP_TIMEOUT_PROPERTY, 60);
        try {
            fw.stop();
            FrameworkEvent event = fw.waitForStop(TimeUnit.SECONDS.toMillis(timeoutSeconds));
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                err.println("drivercore: the container did not stop within " + timeoutSeconds + " s");
                return false;
            }
            if (event.getType() == FrameworkEvent.ERROR && event.getThrowable() != null) {
                err.println("drivercore: error while stopping: " + event.getThrowable());
            }
            return true;
        } catch (BundleException e) {
            err.println("drivercore: cannot stop the container: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void cleanUp() {
        synchronized (lifecycle) {
            if (cleanedUp || storage == null || !temporaryStorage) {
                return;
            }
            if (framework != null && (framework.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
                return; // still running: leave the cache alone
            }
            cleanedUp = true;
            try {
                deleteRecursively(storage);
            } catch (IOException e) {
                err.println("drivercore: cannot delete " + storage + ": " + e);
            }
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<Path>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    // ---------------------------------------------------------------- locations and settings

    /** {@code -Ddrivercore.home}, else the parent of the directory holding the launcher's jar. */
    static Path home() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            return Paths.get(home).toAbsolutePath().normalize();
        }
        CodeSource source = Launcher.class.getProtectionDomain().getCodeSource();
        if (source != null) {
            try {
                Path jar = Paths.get(source.getLocation().toURI());
                if (Files.isRegularFile(jar) && jar.getParent() != null && jar.getParent().getParent() != null) {
                    return jar.getParent().getParent().toAbsolutePath().normalize();
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                // fall through
            }
        }
        return Paths.get("").toAbsolutePath();
    }

    private Path storage() {
        String dir = System.getProperty(STORAGE_PROPERTY);
        try {
            if (dir != null && !dir.isBlank()) {
                temporaryStorage = false;
                return Files.createDirectories(Paths.get(dir).toAbsolutePath());
            }
            temporaryStorage = true;
            return Files.createTempDirectory("drivercore-");
        } catch (IOException e) {
            throw new LaunchException("cannot create the framework storage"
                    + (dir == null ? "" : " " + dir) + ": " + e, e);
        }
    }

    private long seconds(String property, long fallback) {
        String value = System.getProperty(property);
        if (value == null) {
            return fallback;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds > 0) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        err.println("drivercore: -D" + property + " must be a positive number of seconds; using " + fallback);
        return fallback;
    }

    private static int parseInt(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Kept: java.util.logging holds its loggers weakly, and would forget their level. */
    private static final List<java.util.logging.Logger> JUL_LOGGERS = new ArrayList<>();

    /**
     * java.util.logging (used by SPI Fly when there is no LogService) on one line, at the level of
     * {@code DRIVERCORE_LOG}; SPI Fly's "Registered provider" notes only at debug. Left alone when
     * {@code java.util.logging.config.file} is set.
     */
    private static void configureJavaLogging(LogLevel level) {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        setIfAbsent("java.util.logging.SimpleFormatter.format", "%4$s %3$s - %5$s%6$s%n");
        Level julLevel;
        switch (level) {
            case ERROR:
                julLevel = Level.SEVERE;
                break;
            case WARN:
                julLevel = Level.WARNING;
                break;
            case INFO:
                julLevel = Level.INFO;
                break;
            default:
                julLevel = Level.FINE;
                break;
        }
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(julLevel);
        for (Handler handler : root.getHandlers()) {
            handler.setLevel(julLevel);
        }
        java.util.logging.Logger spifly = java.util.logging.Logger.getLogger("org.apache.aries.spifly");
        spifly.setLevel(level == LogLevel.DEBUG ? julLevel : Level.WARNING);
        synchronized (JUL_LOGGERS) {
            JUL_LOGGERS.add(root);
            JUL_LOGGERS.add(spifly);
        }
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** A failure of the launcher or the container itself (not of a command): exit status 1. */
    static final class LaunchException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LaunchException(String message) {
            super(message);
        }

        LaunchException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
