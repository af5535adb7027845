package org.drivercore.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import org.apache.felix.main.AutoProcessor;
import org.apache.felix.main.Main;
import org.jline.terminal.Terminal;
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
 * The container's life cycle: Apache Felix with the bundles and start levels of {@code conf/config.properties},
 * started until the {@code dc} commands are there, stopped (the emulated power-off) with a bounded wait, its
 * temporary storage deleted at the end. A JVM shutdown hook (Ctrl-C, SIGTERM) stops it the same way.
 */
final class Container {

    static final String HOME_PROPERTY = "drivercore.home";
    static final String STORAGE_PROPERTY = "drivercore.storage";
    static final String READY_TIMEOUT_PROPERTY = "drivercore.ready.timeout";
    static final String STOP_TIMEOUT_PROPERTY = "drivercore.stop.timeout";
    static final String SCOPE = "dc";
    static final String CONSOLE = "org.drivercore.console";
    /** Gogo's JLine shell: installed for its classes, never started (the console runs its shell). */
    static final String GOGO_JLINE = "org.apache.felix.gogo.jline";
    static final String JLINE_VERSION_PROPERTY = "drivercore.jline.version";
    static final String COMMAND_SCOPE = "osgi.command.scope";
    static final String COMMAND_FUNCTION = "osgi.command.function";

    private final PrintStream err;
    private final LogLevel logLevel;
    private volatile Framework framework;
    private Map<String, String> configProperties = Map.of();
    private Path storage;
    private volatile boolean stoppingOnSignal;
    private boolean temporaryStorage;
    private Thread shutdownHook;
    private final Object lifecycle = new Object();
    private BuiltInBundles builtIns;
    private boolean cleanedUp;
    /** What a signal ends first: the one-shot command's running job (set while it runs). */
    private volatile Runnable onSignal;
    /** Whether {@code --web} asked for the web console, and whether this is the shell (the console's only mode). */
    private boolean webFlag;
    private boolean shell;
    /** The web console's address, once configured (null: off). */
    private String webAddress;

    Container(PrintStream err, LogLevel logLevel) {
        this.err = err;
        this.logLevel = logLevel;
    }

    Framework framework() {
        return framework;
    }

    /** Asks for the web console ({@code --web}), which only the shell serves; before {@link #start()}. */
    void web(boolean flag, boolean shell) {
        this.webFlag = flag;
        this.shell = shell;
    }

    /** The web console's address when it runs, else null. */
    String webAddress() {
        return webAddress;
    }

    /** Creates, initializes and starts the framework, and waits until the commands are there. */
    BundleContext start() {
        Map<String, String> properties = configuration();
        Map<String, Object> configuration = new HashMap<>(properties);
        configuration.put("felix.log.logger",
                new StderrLogger(err, Integer.parseInt(properties.get("felix.log.level").trim())));
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, Container.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new LaunchException("no OSGi framework on the class path (lib/)"));
        @SuppressWarnings({ "unchecked", "rawtypes" })
        Framework created = factory.newFramework((Map) configuration);
        synchronized (lifecycle) {
            framework = created;
            if (shutdownHook == null) {
                shutdownHook = new Thread(this::stopFromHook, "drivercore shutdown");
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
        return awaitReady();
    }

    /** {@code conf/config.properties} with Felix main's substitution, and what the launcher adds to it. */
    private Map<String, String> configuration() {
        Path home = home();
        Path configFile = home.resolve("conf").resolve("config.properties");
        if (!Files.isRegularFile(configFile)) {
            throw new LaunchException("cannot find " + configFile + " (set -D" + HOME_PROPERTY
                    + "=DIR to the distribution's directory)");
        }
        System.setProperty(HOME_PROPERTY, home.toString());
        System.setProperty(JLINE_VERSION_PROPERTY, jlineVersion());
        LogSetup.setIfAbsent(Main.CONFIG_PROPERTIES_PROP, configFile.toUri().toString());
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
        if (WebConsole.enabled(webFlag, shell, properties)) {
            webAddress = WebConsole.configure(properties, home.resolve("conf"));
        } else {
            WebConsole.keepOff(properties);
        }
        configProperties = properties;
        return properties;
    }

    /**
     * Waits (bounded) for the beginning start level, the Gogo {@code CommandProcessor}, and a service of scope
     * {@code dc} with the function {@code load}. Also after a reboot, while Felix restarts itself.
     */
    BundleContext awaitReady() {
        Framework fw = framework;
        long timeoutSeconds = seconds(READY_TIMEOUT_PROPERTY, 30);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        int beginning = parseInt(configProperties.get(Constants.FRAMEWORK_BEGINNING_STARTLEVEL), 1);
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
                builtIns().watch(context);
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
            if (bundle.getState() != Bundle.ACTIVE && !fragment && !CONSOLE.equals(bundle.getSymbolicName())
                    && !GOGO_JLINE.equals(bundle.getSymbolicName())) {
                inactive.add(bundle.getSymbolicName() + " (" + stateName(bundle.getState()) + ")");
            }
        }
        return inactive.isEmpty() ? "" : "; bundles not active: " + String.join(", ", inactive);
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED, unresolved";
            case Bundle.RESOLVED -> "RESOLVED, not started";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "state " + state;
        };
    }

    private BuiltInBundles builtIns() {
        if (builtIns == null) {
            builtIns = new BuiltInBundles(configProperties, message -> {
                if (logLevel.includes(LogLevel.WARN)) {
                    err.println("drivercore: " + message);
                }
            });
        }
        return builtIns;
    }

    /** The Gogo {@code CommandProcessor} service object. */
    static Object commandProcessor(BundleContext context) {
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
        if (property instanceof String s) {
            names.add(s);
        } else if (property instanceof Object[] array) {
            for (Object o : array) {
                names.add(String.valueOf(o));
            }
        } else if (property instanceof Collection<?> collection) {
            for (Object o : collection) {
                names.add(String.valueOf(o));
            }
        }
        return names;
    }

    // ---------------------------------------------------------------- stop and clean up

    /**
     * Stops the framework (the emulated power-off) and waits for it, then deletes a temporary storage. Returns
     * false if the framework did not stop in time.
     */
    boolean stop() {
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

    /** Whether a signal (the JVM's shutdown hook) is stopping the container: that stop is a power-off. */
    boolean stoppingOnSignal() {
        return stoppingOnSignal;
    }

    /**
     * Sets what a signal interrupts before the power-off (the running command's job), or null. Without it a command
     * ran on beside the power-off and printed its progress among the power-off's.
     */
    void onSignal(Runnable action) {
        onSignal = action;
    }

    private void stopFromHook() {
        stoppingOnSignal = true;
        if (framework != null && (framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0
                && logLevel.includes(LogLevel.ERROR)) {
            // One line, whatever was running: the command's own failure (interrupted) is not reported after it.
            if (System.console() != null) {
                err.println(); // after the terminal's "^C" and a progress line drawn in place
            }
            err.println("drivercore: stopped by a signal (Ctrl-C or SIGTERM): powering off");
        }
        Runnable action = onSignal;
        if (action != null) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // the command may be ending on its own: the power-off goes on
            }
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

    /** The Bundle-Version of the JLine jar on the class path, which the system bundle exports JLine's packages as. */
    static String jlineVersion() {
        CodeSource source = Terminal.class.getProtectionDomain().getCodeSource();
        try (JarFile jar = new JarFile(Paths.get(source.getLocation().toURI()).toFile())) {
            String version = jar.getManifest().getMainAttributes().getValue(Constants.BUNDLE_VERSION);
            if (version != null) {
                return version.trim();
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            throw new LaunchException("cannot read JLine's version from " + source.getLocation() + ": " + e, e);
        }
        throw new LaunchException("JLine's jar " + source.getLocation() + " has no " + Constants.BUNDLE_VERSION);
    }

    /** {@code -Ddrivercore.home}, else the parent of the directory holding the launcher's jar. */
    static Path home() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            return Paths.get(home).toAbsolutePath().normalize();
        }
        CodeSource source = Container.class.getProtectionDomain().getCodeSource();
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
}
