package org.drivercore.itests;

import static org.drivercore.itests.ItSupport.installed;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import javax.inject.Inject;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceListener;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.DeviceState;
import org.drivercore.api.Driver;
import org.drivercore.api.MachineService;
import org.drivercore.api.ModelledProfile;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Hot-swap: a driver bundle stopped, started or updated while the machine runs. Its devices are unbound in reverse
 * device-list order (what a probe created is removed before its creator is unbound) and rebound when the drivers
 * come back. Stopping the loader or the shell touches no device.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class HotSwapIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The shell's commands (the shutdown bundle has dc: commands of its own, which need no machine service). */
    private static final String SHELL_COMMANDS = "(&(osgi.command.scope=dc)(osgi.command.function=devices))";

    @Inject
    BundleContext context;

    @Inject
    DeviceRegistry registry;

    @Inject
    MachineService machines;

    private final ItSupport.Recorder recorder = new ItSupport.Recorder();
    private ServiceRegistration<DeviceListener> listener;

    @Configuration
    public Option[] config() {
        return options(ItSupport.runtime());
    }

    @Before
    public void loadMachine() throws Exception {
        ItSupport.loadTestMachine(registry, machines);
        assertEquals(ItSupport.describe(registry), TestMachine.BOUND_ORDER, ItSupport.paths(registry));
        listener = context.registerService(DeviceListener.class, recorder, null);
    }

    @After
    public void unregister() {
        if (listener != null) {
            listener.unregister();
        }
    }

    /**
     * docs/design.md: a driver bundle stopped at any other time than power-off is a hot-swap, "its devices are unbound in
     * reverse list order (what the driver created is removed with it)". The modelled driver bundle serves three
     * drivers; reverse list order runs across them (N0 itest-nvme, S ipmi_si, N1 itest-nvme, B itest-port, P itest-port).
     */
    @Test
    public void stoppingTheDriverBundleUnbindsAllItsDevicesInReverseListOrder() throws Exception {
        Bundle modelled = installed(context, ItSupport.MODELLED_BSN);
        List<String> expected = expectedUnbindSequence(registry.devices());

        modelled.stop();

        assertEquals("UNBOUND order; all events: " + recorder.events, unboundOnly(expected),
                recorder.of(DeviceEvent.Type.UNBOUND));
        assertEquals(expected, recorder.of(DeviceEvent.Type.UNBOUND, DeviceEvent.Type.REMOVED));
    }

    @Test
    public void stoppingTheDriverBundleUnbindsItsDevicesAndStartingItRebindsThem() throws Exception {
        Bundle modelled = installed(context, ItSupport.MODELLED_BSN);
        List<String> listBefore = ItSupport.paths(registry);
        List<String> expected = expectedUnbindSequence(registry.devices());
        Map<String, String> drivers = boundDrivers();

        modelled.stop();

        assertUnboundPerDriverInReverseListOrder(expected, drivers);
        assertAllUnboundAndCreatedGone(listBefore);

        recorder.clear();
        modelled.start();
        ItSupport.awaitMachineBound(registry);
        assertEquals(sorted(TestMachine.BOUND_DEVICES), sorted(recorder.of(DeviceEvent.Type.BOUND).stream()
                .map(s -> s.substring("BOUND ".length())).toList()));
        assertEquals(sorted(TestMachine.BOUND_ORDER), sorted(ItSupport.paths(registry)));
        assertEquals(ItSupport.describe(registry), List.of(), recorder.of(DeviceEvent.Type.UNBOUND, DeviceEvent.Type.REMOVED));
        assertAsyncFlagsAsLoaded();
    }

    @Test
    public void updatingTheDriverBundleRebindsToDriversOfTheNewRevision() throws Exception {
        Bundle modelled = installed(context, ItSupport.MODELLED_BSN);
        BundleRevision oldRevision = modelled.adapt(BundleRevision.class);
        ClassLoader oldLoader = oldRevision.getWiring().getClassLoader();
        Set<Driver> oldDrivers = Collections.newSetFromMap(new IdentityHashMap<>());
        oldDrivers.addAll(modelledDrivers());
        assertEquals(3, oldDrivers.size());
        List<String> expected = expectedUnbindSequence(registry.devices());
        Map<String, String> driverNames = boundDrivers();

        modelled.update();
        ItSupport.awaitMachineBound(registry);

        assertUnboundPerDriverInReverseListOrder(expected, driverNames);
        assertEquals(sorted(TestMachine.BOUND_DEVICES), sorted(recorder.of(DeviceEvent.Type.BOUND).stream()
                .map(s -> s.substring("BOUND ".length())).toList()));
        for (String created : TestMachine.CREATED) {
            assertTrue(created + " is back", registry.device(created).isPresent());
        }
        assertAsyncFlagsAsLoaded();

        // The drivers now bound are new instances, from the bundle's new revision.
        BundleRevision newRevision = modelled.adapt(BundleRevision.class);
        assertNotSame(oldRevision, newRevision);
        ClassLoader newLoader = newRevision.getWiring().getClassLoader();
        assertNotSame(oldLoader, newLoader);
        List<Driver> drivers = modelledDrivers();
        assertEquals(3, drivers.size());
        for (Driver d : drivers) {
            assertFalse(d.name() + " is still the old instance", oldDrivers.contains(d));
            assertSame(d.name() + " comes from the new revision", newLoader, d.getClass().getClassLoader());
        }
        ServiceReference<?>[] refs = context.getServiceReferences(Driver.class.getName(),
                "(service.ranking=" + ModelledProfile.FALLBACK_RANKING + ")");
        assertNotNull(refs);
        assertEquals(3, refs.length);
        for (ServiceReference<?> r : refs) {
            assertSame(newRevision, r.getBundle().adapt(BundleRevision.class));
        }
        for (String path : TestMachine.BOUND_DEVICES) {
            String name = registry.device(path).flatMap(Device::driver).orElseThrow();
            assertTrue(path + " is bound to a driver of the new revision",
                    drivers.stream().anyMatch(d -> d.name().equals(name)));
        }
    }

    @Test
    public void stoppingTheLoaderOrTheShellLeavesTheDevicesAsTheyWere() throws Exception {
        List<String> before = ItSupport.snapshot(registry);

        Bundle topology = installed(context, "org.drivercore.topology");
        topology.stop();
        assertNull("the machine service is gone", context.getServiceReference(MachineService.class));
        assertNull("the shell's commands need the machine service",
                context.getServiceReferences((String) null, SHELL_COMMANDS));
        assertEquals(before, ItSupport.snapshot(registry));

        topology.start();
        ItSupport.await("the machine service", WAIT, () -> context.getServiceReference(MachineService.class) != null,
                () -> "absent");
        assertEquals(before, ItSupport.snapshot(registry));

        Bundle shell = installed(context, "org.drivercore.shell");
        ItSupport.await("the dc commands", WAIT, () -> refs(SHELL_COMMANDS) != null, () -> "absent");
        shell.stop();
        assertNull(refs(SHELL_COMMANDS));
        assertEquals(before, ItSupport.snapshot(registry));
        assertEquals("no device event at all", List.of(), recorder.events.stream().map(DeviceEvent::toString).toList());
    }

    // ---------------------------------------------------------------- expectations

    /**
     * Reverse device-list order over the devices bound to a driver; before each, what its probe created, itself in
     * reverse list order.
     */
    private static List<String> expectedUnbindSequence(List<Device> list) {
        List<Device> reversed = new ArrayList<>(list);
        Collections.reverse(reversed);
        List<String> out = new ArrayList<>();
        for (Device d : reversed) {
            if (d.state() != DeviceState.BOUND) {
                continue;
            }
            for (Device c : reversed) {
                if (d.path().equals(TestMachine.creatorOf(c.path()))) {
                    out.add("REMOVED " + c.path());
                }
            }
            out.add("UNBOUND " + d.path());
        }
        return out;
    }

    /**
     * What holds whatever order the drivers leave in: every bound device is unbound once; each driver's devices in
     * reverse list order; a probe's creations removed (in reverse list order) right before their creator is unbound.
     */
    private void assertUnboundPerDriverInReverseListOrder(List<String> expected, Map<String, String> driverOf) {
        List<String> actual = recorder.of(DeviceEvent.Type.UNBOUND, DeviceEvent.Type.REMOVED);
        String all = "\nall events: " + recorder.events;
        assertEquals(all, sorted(expected), sorted(actual));
        for (String driver : new TreeSet<>(driverOf.values())) {
            Predicate<String> mine = s -> s.startsWith("UNBOUND ")
                    && driver.equals(driverOf.get(s.substring("UNBOUND ".length())));
            assertEquals(driver + all, expected.stream().filter(mine).toList(), actual.stream().filter(mine).toList());
        }
        for (String creator : List.of(TestMachine.NVME0, TestMachine.NVME1)) {
            List<String> block = expected.subList(0, expected.indexOf("UNBOUND " + creator) + 1);
            block = block.subList(block.size() - 3, block.size());
            int at = actual.indexOf("UNBOUND " + creator);
            assertEquals(creator + all, block, actual.subList(Math.max(0, at - 2), at + 1));
        }
    }

    private void assertAsyncFlagsAsLoaded() {
        for (Device d : registry.devices()) {
            boolean expected = d.path().equals(TestMachine.NVME0) || d.path().equals(TestMachine.NVME1);
            assertEquals(d.path(), expected, d.isAsyncShutdownEnabled());
        }
    }

    private static List<String> unboundOnly(List<String> sequence) {
        return sequence.stream().filter(s -> s.startsWith("UNBOUND ")).toList();
    }

    /** Bound device → its driver's name, now. */
    private Map<String, String> boundDrivers() {
        Map<String, String> out = new HashMap<>();
        registry.devices().forEach(d -> d.driver().ifPresent(n -> out.put(d.path(), n)));
        return out;
    }

    private void assertAllUnboundAndCreatedGone(List<String> before) {
        List<String> expectedPaths = before.stream().filter(p -> !TestMachine.CREATED.contains(p)).toList();
        assertEquals("removal does not reorder what stays", expectedPaths, ItSupport.paths(registry));
        for (Device d : registry.devices()) {
            assertTrue(d.path() + " has no driver: " + d.driver(), d.driver().isEmpty());
            assertFalse(d.path() + " is not async any more", d.isAsyncShutdownEnabled());
        }
        assertEquals(List.of(), modelledDrivers());
    }

    /** The drivers of the modelled driver bundle (the driver bundles' drivers stay, whatever it does). */
    private List<Driver> modelledDrivers() {
        return registry.drivers().stream().filter(d -> TestMachine.DRIVERS.contains(d.name())).toList();
    }

    private ServiceReference<?>[] refs(String filter) {
        try {
            return context.getServiceReferences((String) null, filter);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> sorted(List<String> in) {
        return in.stream().sorted().toList();
    }
}
