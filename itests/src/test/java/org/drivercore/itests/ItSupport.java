package org.drivercore.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceListener;
import org.drivercore.api.DeviceRegistry;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * What every integration test shares: the runtime provisioned into Felix and small helpers. The runtime is the
 * distribution's ({@link Distribution}): the bundles and start levels of its {@code conf/config.properties}, from its
 * {@code bundle/}. Pax Exam's own bundles come from the local repository, offline (see the failsafe configuration).
 */
final class ItSupport {

    static final String MODELLED_BSN = "org.drivercore.driver.modelled";
    static final String MODELLED_PID = "org.drivercore.driver.modelled";

    private ItSupport() {
    }

    /**
     * The whole runtime at the distribution's start levels, the framework going up to its beginning level (the
     * shutdown bundle's, alone at the top); Pax Exam's probe starts below it, and waits for services as it injects.
     */
    static Option runtime() {
        // Offline pax-url (docs/building.md): failsafe passes the local repository, offline=true and no fallback; the
        // empty repository lists are set here (an empty value does not pass through failsafe reliably), in the JVM
        // that resolves Pax Exam's link:/mvn: URLs, before the container starts.
        System.setProperty("org.ops4j.pax.url.mvn.repositories", "");
        System.setProperty("org.ops4j.pax.url.mvn.defaultRepositories", "");
        List<Option> options = new ArrayList<>();
        options.add(cleanCaches(true));
        options.add(frameworkStartLevel(Distribution.beginningStartLevel()));
        options.add(systemProperty("org.slf4j.simpleLogger.defaultLogLevel")
                .value(System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn")));
        for (Distribution.RuntimeBundle b : Distribution.bundles()) {
            options.add(bundle(b.jar().toUri().toString()).startLevel(b.startLevel()));
        }
        options.add(junitBundles());
        return composite(options.toArray(Option[]::new));
    }

    static Bundle installed(BundleContext context, String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }

    /** Polls until the condition holds; fails with the description and what {@code state} says then. */
    static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<?> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + "; state: " + state.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /** A Gogo session with no input whose output is dropped: commands return their result as the value. */
    static CommandSession gogoSession(BundleContext context) {
        CommandProcessor processor = context.getService(context.getServiceReference(CommandProcessor.class));
        PrintStream ps = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return processor.createSession(new ByteArrayInputStream(new byte[0]), ps, ps);
    }

    static List<String> paths(DeviceRegistry registry) {
        return registry.devices().stream().map(Device::path).toList();
    }

    /** A one-line-per-device picture of the registry, for failure messages. */
    static String describe(DeviceRegistry registry) {
        StringBuilder b = new StringBuilder("\n");
        for (Device d : registry.devices()) {
            b.append("  ").append(d.path()).append(' ').append(d.state()).append(d.driver().map(x -> " <" + x + ">").orElse(""))
                    .append(d.stateReason().map(r -> " (" + r + ")").orElse("")).append('\n');
        }
        return b.append("  drivers: ").append(registry.drivers()).toString();
    }

    /**
     * Loads the test machine through the machine service and waits until Config Admin and SCR have delivered
     * its drivers and every device the machine records a driver for is bound (and has created its children).
     */
    static org.drivercore.api.LoadedMachine loadTestMachine(DeviceRegistry registry, org.drivercore.api.MachineService machines)
            throws java.io.IOException {
        await("the four bus types", Duration.ofSeconds(10), () -> registry.busTypes().size() == 4, registry::busTypes);
        org.drivercore.api.LoadedMachine loaded = machines.load(TestMachine.write("itest.json", TestMachine.JSON), false);
        awaitMachineBound(registry);
        return loaded;
    }

    /**
     * {@code dc:load --replace} of a file in the shell, then a wait until every device that records a driver is bound:
     * returns what the load answered (its first line names the machine).
     */
    static String loadReplacingAndAwaitRecordedDriversBound(CommandSession session, DeviceRegistry registry, Path file)
            throws Exception {
        String loaded = String.valueOf(session.execute("dc:load --replace '" + file + "'"));
        if (!loaded.startsWith("Loaded machine '")) {
            throw new AssertionError(file + ": " + loaded);
        }
        await(file + ": every device that records a driver bound", Duration.ofSeconds(30),
                () -> registry.devices().stream().filter(d -> d.recordedDriver().isPresent())
                        .allMatch(d -> d.state() == org.drivercore.api.DeviceState.BOUND),
                () -> registry.devices().stream().filter(d -> d.recordedDriver().isPresent()
                        && d.state() != org.drivercore.api.DeviceState.BOUND).map(Device::path).limit(5).toList());
        return loaded;
    }

    static void awaitMachineBound(DeviceRegistry registry) {
        await("the test machine's devices to be bound", Duration.ofSeconds(15), () -> TestMachine.BOUND_DEVICES.stream()
                .allMatch(p -> registry.device(p).map(d -> d.state() == org.drivercore.api.DeviceState.BOUND).orElse(false))
                && TestMachine.CREATED.stream().allMatch(p -> registry.device(p).isPresent()), () -> describe(registry));
    }

    /**
     * Boots the default machine through the machine service and waits until every device it records a driver for is
     * bound by its driver bundle (and has created its children).
     */
    static org.drivercore.api.LoadedMachine bootDefaultMachine(DeviceRegistry registry,
            org.drivercore.api.MachineService machines) {
        await("the four bus types", Duration.ofSeconds(20), () -> registry.busTypes().size() == 4, registry::busTypes);
        org.drivercore.api.LoadedMachine machine = machines.loadDefault(true);
        awaitDefaultMachineBound(registry, machine);
        return machine;
    }

    /** Every device of the default machine there again, and every one it records a driver for bound. */
    static void awaitDefaultMachineBound(DeviceRegistry registry, org.drivercore.api.LoadedMachine machine) {
        await("the default machine bound whole", Duration.ofSeconds(20), () -> registry.devices().size()
                == machine.devices() + machine.createdByDrivers()
                && registry.devices().stream().filter(d -> d.recordedDriver().isPresent())
                        .allMatch(d -> d.state() == org.drivercore.api.DeviceState.BOUND), () -> describe(registry));
    }

    /** What a device looks like now, as text (handles are live, so compare snapshots, not handles). */
    static List<String> snapshot(DeviceRegistry registry) {
        List<String> out = new ArrayList<>();
        for (Device d : registry.devices()) {
            out.add(d.path() + " parent=" + d.parent().map(Device::path).orElse("-") + " state=" + d.state() + " driver="
                    + d.driver().orElse("-") + " async=" + d.isAsyncShutdownEnabled());
        }
        registry.links().forEach(l -> out.add("link " + l));
        return out;
    }

    /** Records registry events (delivered synchronously, under the registry's lock). */
    static final class Recorder implements DeviceListener {
        final List<DeviceEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void deviceEvent(DeviceEvent event) {
            events.add(event);
        }

        List<String> of(Predicate<DeviceEvent> filter) {
            return events.stream().filter(filter).map(e -> e.type() + " " + e.path()).toList();
        }

        List<String> of(DeviceEvent.Type... types) {
            List<DeviceEvent.Type> wanted = List.of(types);
            return of(e -> wanted.contains(e.type()));
        }

        void clear() {
            events.clear();
        }
    }
}
