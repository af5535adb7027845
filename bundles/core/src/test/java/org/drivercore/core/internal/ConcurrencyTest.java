package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.drivercore.api.BusType;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.DeviceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Services arrive and leave on other threads while devices are added, as OSGi delivers them. No sleeps: the
 * threads start together at a barrier and run as the scheduler interleaves them.
 */
class ConcurrencyTest {

    private static final int ADDERS = 2;
    private static final int DEVICES_PER_ADDER = 250;
    /** Each churner goes on while devices are added, at least this many rounds and at most {@link #MAX_CHURN_ROUNDS}. */
    private static final int CHURN_ROUNDS = 150;
    private static final int MAX_CHURN_ROUNDS = 5_000;
    private static final String[] BUSES = {"b0", "b1", "b2"};
    /** Driver "x" of a bus binds the devices of that bus whose name ends in ".x"; ".none" matches nothing. */
    private static final String[] SUFFIXES = {"x", "y", "none"};

    private final DeviceCore core = new DeviceCore();
    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean addersDone = new AtomicBoolean();

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void devicesAddedWhileDriversAndBusTypesComeAndGoEndUpBoundExactlyOnce() throws Exception {
        List<TestBus> buses = new ArrayList<>();
        for (String b : BUSES) {
            buses.add(new TestBus(b, (dev, drv) -> dev.name().endsWith("." + drv.idTable().get(0))));
        }
        List<RecordingDriver> drivers = new ArrayList<>();
        for (String b : BUSES) {
            for (String suffix : List.of("x", "y")) {
                drivers.add(new RecordingDriver("drv-" + b + "-" + suffix, b, journal, suffix));
            }
        }
        // Every device is bound and unbound in turn, never bound twice: checked on every event, under the lock.
        Map<String, Boolean> boundNow = new HashMap<>();
        core.bindListener(e -> {
            if (e.type() == DeviceEvent.Type.BOUND && boundNow.put(e.path(), true) == Boolean.TRUE) {
                failures.add(new AssertionError(e.path() + " bound twice"));
            }
            if (e.type() == DeviceEvent.Type.UNBOUND && boundNow.put(e.path(), false) != Boolean.TRUE) {
                failures.add(new AssertionError(e.path() + " unbound while not bound"));
            }
            if (e.type() == DeviceEvent.Type.REMOVED) {
                boundNow.remove(e.path());
            }
        });
        // Half the services are there from the start.
        core.bindBusType(buses.get(0));
        drivers.subList(0, 3).forEach(core::bindDriver);

        Map<String, DeviceSpec> added = new ConcurrentHashMap<>();
        CyclicBarrier start = new CyclicBarrier(ADDERS + 3);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < ADDERS; t++) {
            int id = t;
            threads.add(thread("adder-" + t, start, () -> addDevices(id, added)));
        }
        threads.add(thread("bus-churn", start, () -> churnBusTypes(buses)));
        threads.add(thread("driver-churn", start, () -> churnDrivers(drivers)));
        threads.add(thread("reader", start, () -> {
            while (!addersDone.get()) {
                for (Device d : core.devices()) {
                    d.children();
                    d.supplierLinks();
                    d.state();
                }
            }
        }));
        threads.forEach(Thread::start);
        for (Thread th : threads.subList(0, ADDERS)) {
            th.join();
        }
        addersDone.set(true);
        for (Thread th : threads) {
            th.join();
        }

        assertThat(failures).isEmpty();
        assertThat(core.busTypes()).containsExactlyInAnyOrderElementsOf(buses);
        assertThat(core.drivers()).containsExactlyInAnyOrderElementsOf(drivers);

        List<Device> list = core.devices();
        List<String> paths = list.stream().map(Device::path).toList();
        assertThat(paths).doesNotHaveDuplicates();
        Set<String> expected = new HashSet<>(added.keySet());
        for (DeviceSpec s : added.values()) {
            if (isBoundEventually(s)) {
                s.probeChildren().forEach(c -> expected.add(c.path()));
            }
        }
        assertThat(new HashSet<>(paths)).isEqualTo(expected);

        Map<String, Integer> net = netBindings();
        for (Device d : list) {
            DeviceSpec spec = added.get(d.path());
            if (spec == null) {
                // Created by its parent's probe: a class device.
                assertThat(d.state()).isEqualTo(DeviceState.UNBOUND);
                assertThat(d.parent().orElseThrow().state()).isEqualTo(DeviceState.BOUND);
                assertThat(paths.indexOf(d.path())).as("created behind its creator").isGreaterThan(paths.indexOf(d.parent().get().path()));
                continue;
            }
            if (isBoundEventually(spec)) {
                String suffix = spec.effectiveName().substring(spec.effectiveName().lastIndexOf('.') + 1);
                assertThat(d.state()).as(d.path()).isEqualTo(DeviceState.BOUND);
                assertThat(d.driver()).as(d.path()).contains("drv-" + spec.bus().get() + "-" + suffix);
                assertThat(net.getOrDefault(d.path(), 0)).as("bindings of %s", d.path()).isEqualTo(1);
            } else {
                assertThat(d.state()).as(d.path()).isEqualTo(DeviceState.UNBOUND);
                assertThat(net.getOrDefault(d.path(), 0)).as("bindings of %s", d.path()).isZero();
            }
            d.parent().ifPresent(p -> {
                assertThat(paths).contains(p.path());
                assertThat(p.children()).contains(d);
            });
        }
    }

    private static boolean isBoundEventually(DeviceSpec s) {
        return s.bus().isPresent() && !s.effectiveName().endsWith(".none");
    }

    /** Probes minus removes per device, over every driver instance. */
    private Map<String, Integer> netBindings() {
        Map<String, Integer> net = new HashMap<>();
        synchronized (journal) {
            for (String entry : journal) {
                String[] words = entry.split(" ");
                net.merge(words[1], words[0].equals("probe") ? 1 : -1, Integer::sum);
            }
        }
        return net;
    }

    private void addDevices(int adder, Map<String, DeviceSpec> added) {
        Random random = new Random(1000 + adder);
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < DEVICES_PER_ADDER; i++) {
            String parent = mine.isEmpty() || random.nextInt(3) == 0 ? "/t" + adder : mine.get(random.nextInt(mine.size()));
            String name = "a" + adder + "-" + i + "." + SUFFIXES[random.nextInt(SUFFIXES.length)];
            String path = parent + "/" + name;
            DeviceSpec.Builder b = DeviceSpec.builder(path);
            if (random.nextInt(5) > 0) {
                b.bus(BUSES[random.nextInt(BUSES.length)]);
            }
            if (random.nextInt(4) == 0) {
                b.probeChildren(List.of(DeviceSpec.builder(path + "/pc").build()));
            }
            DeviceSpec spec = b.build();
            core.add(spec);
            added.put(path, spec);
            mine.add(path);
        }
    }

    private void churnBusTypes(List<TestBus> buses) {
        Random random = new Random(7);
        Set<BusType> registered = new HashSet<>(List.of(buses.get(0)));
        for (int round = 0; round < MAX_CHURN_ROUNDS && (round < CHURN_ROUNDS || !addersDone.get()); round++) {
            TestBus b = buses.get(random.nextInt(buses.size()));
            if (registered.remove(b)) {
                core.unbindBusType(b);
            } else {
                core.bindBusType(b);
                registered.add(b);
            }
        }
        for (TestBus b : buses) {
            if (!registered.contains(b)) {
                core.bindBusType(b);
            }
        }
    }

    private void churnDrivers(List<RecordingDriver> drivers) {
        Random random = new Random(11);
        Set<RecordingDriver> registered = new HashSet<>(drivers.subList(0, 3));
        for (int round = 0; round < MAX_CHURN_ROUNDS && (round < CHURN_ROUNDS || !addersDone.get()); round++) {
            RecordingDriver d = drivers.get(random.nextInt(drivers.size()));
            if (registered.remove(d)) {
                core.unbindDriver(d);
            } else {
                core.bindDriver(d);
                registered.add(d);
            }
        }
        for (RecordingDriver d : drivers) {
            if (!registered.contains(d)) {
                core.bindDriver(d);
            }
        }
    }

    private Thread thread(String name, CyclicBarrier start, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                start.await(10, TimeUnit.SECONDS);
                body.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        }, name);
        t.setDaemon(true);
        return t;
    }
}
