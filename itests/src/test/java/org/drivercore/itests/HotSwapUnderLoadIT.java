package org.drivercore.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.DeviceState;
import org.drivercore.api.Driver;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.LoadedMachine;
import org.drivercore.api.MachineService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Hot-swap under load, on the default machine in Felix: driver and bus bundles are stopped and started or updated,
 * one step at a time in a seeded random order, while two threads add and remove devices and make links between them.
 * After every step, with the registry held still ({@link DeviceRegistry#inspect}), its invariants hold: parents before
 * children and suppliers before consumers in the list, every bound device bound to a registered, active driver of its
 * bus, every device of the machine there and bound again. At the end, no thread and no service reference is left
 * behind: the live threads and the services each drivercore bundle uses are counted before and after.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class HotSwapUnderLoadIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int STEPS = Integer.getInteger("drivercore.hotswap.steps", 40);
    private static final List<String> BUNDLES = List.of("org.drivercore.driver.nvme", "org.drivercore.driver.xhci",
            "org.drivercore.driver.usb.hub", "org.drivercore.driver.usb.storage", "org.drivercore.driver.sd",
            "org.drivercore.driver.ahci", "org.drivercore.driver.pcieport", "org.drivercore.bus.usb",
            "org.drivercore.bus.scsi", "org.drivercore.bus.pci");

    @Inject
    BundleContext context;

    @Inject
    DeviceRegistry registry;

    @Inject
    MachineService machines;

    @Configuration
    public Option[] config() {
        return options(ItSupport.runtime());
    }

    @Test
    public void bundlesSwappedWhileDevicesAndLinksComeAndGoKeepTheRegistrysInvariantsAndLeakNothing() throws Exception {
        LoadedMachine machine = ItSupport.bootDefaultMachine(registry, machines);
        Set<String> machinePaths = new HashSet<>(ItSupport.paths(registry));
        Map<String, Integer> servicesInUse = servicesInUse();
        int threads = liveThreads();

        long seed = Long.getLong("drivercore.hotswap.seed", System.nanoTime());
        System.out.println("HotSwapUnderLoadIT seed " + seed + " (replay: -Ddrivercore.hotswap.seed=" + seed + ")");
        Random random = new Random(seed);
        Load load = new Load();
        load.start();
        try {
            for (int step = 0; step < STEPS; step++) {
                Bundle b = ItSupport.installed(context, BUNDLES.get(random.nextInt(BUNDLES.size())));
                String action = random.nextBoolean() ? "update" : "stop and start";
                if (action.equals("update")) {
                    b.update();
                } else {
                    b.stop();
                    assertInvariants("seed " + seed + " step " + step + ": " + b.getSymbolicName() + " stopped", null);
                    b.start();
                }
                String where = "seed " + seed + " step " + step + ": " + action + " " + b.getSymbolicName();
                ItSupport.await(where + ": the machine bound again", WAIT, () -> machineBound(machinePaths),
                        () -> ItSupport.describe(registry));
                assertInvariants(where, machinePaths);
                assertTrue(where + ": the load threads failed: " + load.failures, load.failures.isEmpty());
            }
        } finally {
            load.stop();
        }
        assertTrue("the load threads failed: " + load.failures, load.failures.isEmpty());
        assertTrue("the load threads did something: " + load.operations, load.operations.get() > STEPS);
        assertEquals("every device the load added is gone", machinePaths, new HashSet<>(ItSupport.paths(registry)));
        assertEquals(machine.devices() + machine.createdByDrivers(), registry.devices().size());

        // Services each drivercore bundle uses: as many as before (an updated bundle is a new revision of the same one).
        ItSupport.await("the services in use as before", WAIT, () -> servicesInUse().equals(servicesInUse),
                () -> servicesInUse() + " against " + servicesInUse);
        // Threads: drivercore's own (its runs' workers and timers) and the load's, none left over.
        ItSupport.await("no more live threads than before (" + threads + ")", WAIT, () -> liveThreads() <= threads,
                () -> liveThreads() + " threads: " + Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                        .filter(n -> n.startsWith("drivercore") || n.startsWith("hotswap-load")).sorted().toList());
        System.out.println("HotSwapUnderLoadIT: " + STEPS + " steps, " + load.operations + " load operations; threads "
                + threads + " before, " + liveThreads() + " after; services in use " + servicesInUse().values().stream()
                        .mapToInt(Integer::intValue).sum() + " (" + servicesInUse.size() + " bundles)");
    }

    private boolean machineBound(Set<String> machinePaths) {
        return registry.inspect(() -> {
            Set<String> present = new HashSet<>();
            for (Device d : registry.devices()) {
                present.add(d.path());
                if (machinePaths.contains(d.path()) && d.recordedDriver().isPresent() && d.state() != DeviceState.BOUND) {
                    return false;
                }
            }
            return present.containsAll(machinePaths);
        });
    }

    /** The registry's invariants, read in one state of it; {@code machinePaths} (or null) must all be there. */
    private void assertInvariants(String where, Set<String> machinePaths) {
        List<String> problems = registry.inspect(() -> {
            List<String> out = new ArrayList<>();
            List<Device> devices = registry.devices();
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < devices.size(); i++) {
                index.put(devices.get(i).path(), i);
            }
            Set<Driver> active = new HashSet<>();
            for (Driver d : registry.drivers()) {
                if (registry.isActive(d)) {
                    active.add(d);
                }
            }
            for (Device d : devices) {
                d.parent().ifPresent(p -> {
                    if (index.getOrDefault(p.path(), Integer.MAX_VALUE) > index.get(d.path())) {
                        out.add(d.path() + " before its parent " + p.path());
                    }
                });
                if (d.state() == DeviceState.BOUND) {
                    Driver drv = d.boundDriver().orElse(null);
                    if (drv == null || !active.contains(drv)) {
                        out.add(d.path() + " bound to " + drv + ", which is not a registered active driver");
                    } else if (!d.bus().map(drv.bus()::equals).orElse(false)) {
                        out.add(d.path() + " bound to " + drv.name() + " of another bus");
                    }
                }
            }
            for (DeviceLink l : registry.links()) {
                if (!l.flags().contains(LinkFlag.SYNC_STATE_ONLY)
                        && index.get(l.supplierPath()) > index.get(l.consumerPath())) {
                    out.add("consumer " + l.consumerPath() + " before its supplier " + l.supplierPath());
                }
            }
            if (machinePaths != null && !index.keySet().containsAll(machinePaths)) {
                out.add("devices of the machine missing");
            }
            return out;
        });
        assertTrue(where + ": " + problems + ItSupport.describe(registry), problems.isEmpty());
    }

    private Map<String, Integer> servicesInUse() {
        Map<String, Integer> out = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.drivercore.")) {
                out.put(b.getSymbolicName(), b.getServicesInUse() == null ? 0 : b.getServicesInUse().length);
            }
        }
        return out;
    }

    /** The threads drivercore and this test start (the JVM's, Felix's and SCR's come and go on their own). */
    private static int liveThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("drivercore") || t.getName().startsWith("hotswap-load")).count();
    }

    /**
     * Two threads on devices of their own: one adds a platform device with a child and removes it again; the other adds
     * a supplier and a consumer, links them (managed or stateless) and removes both.
     */
    private final class Load {
        final List<String> failures = new CopyOnWriteArrayList<>();
        final AtomicInteger operations = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        void start() {
            threads.add(new Thread(() -> loop(this::addAndRemove), "hotswap-load-devices"));
            threads.add(new Thread(() -> loop(this::linkAndRemove), "hotswap-load-links"));
            threads.forEach(Thread::start);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(WAIT.toMillis());
            }
        }

        private void loop(Runnable operation) {
            while (running.get()) {
                try {
                    operation.run();
                    operations.incrementAndGet();
                } catch (RuntimeException | AssertionError e) {
                    failures.add(e.toString());
                    return;
                }
            }
        }

        private void addAndRemove() {
            String parent = "/devices/platform/hotswap-load." + operations.get();
            registry.add(DeviceSpec.builder(parent).bus("platform").build());
            registry.add(DeviceSpec.builder(parent + "/child").bus("platform").build());
            registry.remove(parent);
            if (registry.device(parent + "/child").isPresent()) {
                throw new AssertionError(parent + "/child outlived its parent's removal");
            }
        }

        private void linkAndRemove() {
            String supplier = "/devices/platform/hotswap-supplier." + operations.get();
            String consumer = "/devices/platform/hotswap-consumer." + operations.get();
            registry.add(DeviceSpec.builder(consumer).bus("platform").build());
            registry.add(DeviceSpec.builder(supplier).bus("platform").build());
            registry.link(operations.get() % 2 == 0 ? DeviceLink.of(supplier, consumer)
                    : DeviceLink.of(supplier, consumer, LinkFlag.STATELESS));
            registry.remove(supplier);
            registry.remove(consumer);
        }
    }
}
