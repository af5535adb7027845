package org.drivercore.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * Felix launched by a test through {@link FrameworkFactory}, for what Pax Exam cannot watch: the stop of its own
 * framework, bundles moving while a shutdown runs. The bundles and start levels are the distribution's
 * ({@link Distribution}); the commands run through Gogo by reflection (its API lives in its bundle).
 */
final class LaunchedFelix implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String REPORT_PROPERTY = "drivercore.shutdown.report";
    private static final String COMMAND_PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final String COMMAND_SESSION = "org.apache.felix.service.command.CommandSession";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Framework framework;
    private final int beginning;

    private LaunchedFelix(Framework framework, int beginning) {
        this.framework = framework;
        this.beginning = beginning;
    }

    /**
     * Launches the distribution's bundles, one of them ({@code movedBsn}, may be null) at another start level, the
     * coordinator writing its report to {@code report}.
     */
    static LaunchedFelix launch(Path tmp, Path report, String movedBsn, int movedLevel) throws Exception {
        Map<String, String> config = new HashMap<>();
        int beginning = Distribution.beginningStartLevel();
        config.put(Constants.FRAMEWORK_STORAGE, tmp.resolve("storage").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, String.valueOf(beginning));
        config.put("felix.log.level", "1");
        config.put(REPORT_PROPERTY, report.toString());
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow();
        Framework framework = factory.newFramework(config);
        framework.init();
        BundleContext context = framework.getBundleContext();
        for (Distribution.RuntimeBundle rb : Distribution.bundles()) {
            Bundle b = context.installBundle(rb.jar().toUri().toString());
            b.adapt(BundleStartLevel.class).setStartLevel(rb.name().equals(movedBsn) ? movedLevel : rb.startLevel());
            b.start();
        }
        framework.start();
        LaunchedFelix felix = new LaunchedFelix(framework, beginning);
        felix.awaitReady();
        return felix;
    }

    /** The beginning start level reached, and the commands of both our command bundles registered. */
    void awaitReady() {
        ItSupport.await("the container to start", WAIT, () -> framework.getState() == Bundle.ACTIVE
                && framework.adapt(FrameworkStartLevel.class).getStartLevel() == beginning && hasCommand("load")
                && hasCommand("compare"), () -> "state " + framework.getState());
    }

    void awaitCommand(String function) {
        ItSupport.await("dc:" + function, WAIT, () -> hasCommand(function), () -> "missing");
    }

    boolean hasCommand(String function) {
        try {
            BundleContext c = framework.getBundleContext();
            return c != null && c.getAllServiceReferences((String) null,
                    "(&(osgi.command.scope=dc)(osgi.command.function=" + function + "))") != null;
        } catch (Exception e) {
            return false;
        }
    }

    Bundle bundle(String bsn) {
        for (Bundle b : framework.getBundleContext().getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(bsn + " is not installed");
    }

    /** Loads a machine file and waits until the given devices are bound and the others present. */
    void load(Path file, Collection<String> bound, Collection<String> present) throws Exception {
        gogo("dc:load " + file);
        ItSupport.await("the machine bound", WAIT, () -> {
            try {
                Map<String, String> state = states();
                return bound.stream().allMatch(p -> "BOUND".equals(state.get(p))) && state.keySet().containsAll(present);
            } catch (Exception e) {
                return false;
            }
        }, () -> "not bound");
    }

    /** Loads {@link TestMachine} and waits until it is bound. */
    void loadTestMachine() throws Exception {
        load(TestMachine.write("itest.json", TestMachine.JSON), TestMachine.BOUND_DEVICES, TestMachine.CREATED);
    }

    /** Each device's state ({@code dc:devices --json}). */
    Map<String, String> states() throws Exception {
        JsonNode devices = JSON.readTree(gogo("dc:devices --json")).path("devices");
        Map<String, String> state = new HashMap<>();
        devices.forEach(d -> state.put(d.path("path").asText(), d.path("state").asText()));
        return state;
    }

    /**
     * Whether the registry blocks probing, which a system shutdown does before it takes its graph (the registry's API
     * lives in its bundle, so through reflection).
     */
    boolean probingBlocked() throws Exception {
        BundleContext c = framework.getBundleContext();
        ServiceReference<?>[] refs = c.getAllServiceReferences("org.drivercore.api.DeviceRegistry", null);
        if (refs == null) {
            return false;
        }
        Object registry = c.getService(refs[0]);
        try {
            return (Boolean) method(registry, "org.drivercore.api.DeviceRegistry", "isProbingBlocked").invoke(registry);
        } finally {
            c.ungetService(refs[0]);
        }
    }

    /** Runs a Gogo command line in the framework, in a session of its own. */
    String gogo(String line) throws Exception {
        BundleContext c = framework.getBundleContext();
        // getAll...: Gogo's API is on this class path too (a test dependency), so the system bundle would not see
        // the bundle's CommandProcessor as assignable
        ServiceReference<?>[] refs = c.getAllServiceReferences(COMMAND_PROCESSOR, null);
        assertThat(refs).as("Gogo's CommandProcessor").isNotNull();
        ServiceReference<?> ref = refs[0];
        Object processor = c.getService(ref);
        try {
            PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            Object session = method(processor, COMMAND_PROCESSOR, "createSession", InputStream.class, OutputStream.class,
                    OutputStream.class).invoke(processor, new ByteArrayInputStream(new byte[0]), out, out);
            try {
                return String.valueOf(method(session, COMMAND_SESSION, "execute", CharSequence.class).invoke(session, line));
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception ex ? ex : e;
            } finally {
                method(session, COMMAND_SESSION, "close").invoke(session);
            }
        } finally {
            c.ungetService(ref);
        }
    }

    private static Method method(Object target, String interfaceName, String name, Class<?>... types) throws Exception {
        List<Class<?>> todo = new ArrayList<>();
        for (Class<?> k = target.getClass(); k != null; k = k.getSuperclass()) {
            todo.add(k);
        }
        while (!todo.isEmpty()) {
            Class<?> k = todo.remove(0);
            if (k.getName().equals(interfaceName)) {
                return k.getMethod(name, types);
            }
            todo.addAll(List.of(k.getInterfaces()));
        }
        throw new NoSuchMethodException(interfaceName + "." + name + " on " + target.getClass());
    }

    @Override
    public void close() throws Exception {
        if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
            framework.stop();
            framework.waitForStop(WAIT.toMillis());
        }
    }
}
