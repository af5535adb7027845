package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceListener;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.DeviceState;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.RegistryException;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;

/**
 * Random device trees built by add, random links, random driver (and bus type) arrival and departure, random
 * deferrals: what must hold for the device list once everything has settled.
 *
 * <p>Under Linux's rules since 4.18 (probing moves nothing; only {@code device_add()}, a new link and the
 * deferred-probe work change the list, the last two through {@code device_reorder_to_tail()}), every parent precedes
 * its children and every supplier of a link that orders (not sync-state-only) precedes its consumer, whatever
 * happens: adds, links, probes, deferrals, drivers and the bus type arriving, leaving, and being updated. jqwik
 * prints the seed of a failing run; {@code seed = "..."} replays it.
 */
class DeviceListOrderPropertiesTest {

    private static final String BUS = "b";
    private static final int DRIVERS = 3;
    /** The index of "the bus type" among what can arrive and leave. */
    private static final int BUS_TYPE = DRIVERS;

    sealed interface Op permits AddDevice, Link, Arrive, Leave, Update {
    }

    /**
     * @param parent  negative: a root; else an earlier device, by index modulo their number
     * @param nested  the path lies under the parent's (implied parent) rather than naming it (explicit parent)
     * @param onBus   on the bus, or a class device
     * @param driver  which driver's id table gets the device's name
     * @param defers  how many probes of the device defer first
     * @param creates whether its probe creates a child
     */
    record AddDevice(int parent, boolean nested, boolean onBus, int driver, int defers, boolean creates) implements Op {
    }

    /** kind: 0 managed, 1 stateless, 2 sync-state-only. */
    record Link(int supplier, int consumer, int kind) implements Op {
    }

    record Arrive(int service) implements Op {
    }

    record Leave(int service) implements Op {
    }

    /** A driver's bundle updated: a new driver of the same name arrives and stands by, then the old one leaves. */
    record Update(int driver) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> scenarios() {
        Arbitrary<Op> add = Combinators.combine(
                Arbitraries.integers().between(-3, 30), Arbitraries.of(true, false),
                Arbitraries.frequency(Tuple.of(4, true), Tuple.of(1, false)),
                Arbitraries.integers().between(0, DRIVERS - 1),
                Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(1, 1), Tuple.of(1, 2)),
                Arbitraries.frequency(Tuple.of(3, false), Tuple.of(1, true)))
                .as(AddDevice::new);
        Arbitrary<Op> link = Combinators.combine(Arbitraries.integers().between(0, 30), Arbitraries.integers().between(0, 30),
                Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(1, 1), Tuple.of(1, 2))).as(Link::new);
        Arbitrary<Op> arrive = Arbitraries.integers().between(0, BUS_TYPE).map(Arrive::new);
        Arbitrary<Op> leave = Arbitraries.integers().between(0, BUS_TYPE).map(Leave::new);
        Arbitrary<Op> update = Arbitraries.integers().between(0, DRIVERS - 1).map(Update::new);
        return Arbitraries.frequencyOf(Tuple.of(6, add), Tuple.of(4, link), Tuple.of(2, arrive), Tuple.of(1, leave),
                Tuple.of(1, update))
                .list().ofMinSize(5).ofMaxSize(50).withSizeDistribution(RandomDistribution.uniform());
    }

    /** Drivers and the bus type first, no deferral: nothing is probed after its dependents were placed. */
    @Provide
    Arbitrary<List<Op>> bootOrderScenarios() {
        return scenarios().map(ops -> ops.stream()
                .filter(op -> op instanceof AddDevice || op instanceof Link)
                .map(op -> op instanceof AddDevice a ? new AddDevice(a.parent(), a.nested(), a.onBus(), a.driver(), 0, a.creates()) : op)
                .toList());
    }

    @Property(tries = 500, seed = "20261201", shrinking = ShrinkingMode.FULL)
    void everyParentAndEverySupplierOfAnOrderingLinkPrecedesItsDependentAfterEveryStep(@ForAll("scenarios") List<Op> ops) {
        World w = new World();
        for (Op op : ops) {
            w.run(List.of(op));
            w.assertListIsConsistent();
            w.assertDependenciesPrecede();
        }
        w.settle();
        w.assertDependenciesPrecede();
    }

    @Property(tries = 300, seed = "20260715", shrinking = ShrinkingMode.FULL)
    void onceSettledEveryDeviceOnTheBusIsBoundUnlessItWaitsForASupplierThatIsNot(@ForAll("scenarios") List<Op> ops) {
        World w = new World();
        w.run(ops);
        w.settle();

        for (Device d : w.core.devices()) {
            if (d.bus().isEmpty()) {
                assertThat(d.state()).as(d.path()).isEqualTo(DeviceState.UNBOUND);
            } else if (d.state() != DeviceState.BOUND) {
                assertThat(d.state()).as(d.path()).isEqualTo(DeviceState.DEFERRED);
                assertThat(d.supplierLinks()).as("why %s is still deferred", d.path())
                        .anyMatch(l -> l.isManaged() && w.core.device(l.supplierPath()).orElseThrow().state() != DeviceState.BOUND);
            }
        }
    }

    @Property(tries = 300, seed = "20260715", shrinking = ShrinkingMode.FULL)
    void withDriversFirstAndNoDeferralEveryParentAndSupplierPrecedesItsDependents(
            @ForAll("bootOrderScenarios") List<Op> ops) {
        World w = new World();
        for (int s = 0; s <= BUS_TYPE; s++) {
            w.arrive(s);
        }
        w.run(ops);

        w.assertListIsConsistent();
        List<String> order = w.paths();
        for (Device y : w.core.devices()) {
            for (String x : w.dependencies(y)) {
                assertThat(order.indexOf(x)).as("%s must precede %s in %s", x, y.path(), order)
                        .isLessThan(order.indexOf(y.path()));
            }
        }
    }

    /** One registry driven by a scenario. */
    static final class World {
        final DeviceCore core = new DeviceCore();
        final List<String> journal = Collections.synchronizedList(new ArrayList<>());
        final TestBus bus = new TestBus(BUS);
        final List<RecordingDriver> drivers = new ArrayList<>();
        final boolean[] registered = new boolean[BUS_TYPE + 1];
        final List<String> added = new ArrayList<>();
        int kicks;

        World() {
            for (int i = 0; i < DRIVERS; i++) {
                drivers.add(new RecordingDriver("drv" + i, BUS, journal));
            }
        }

        void run(List<Op> ops) {
            for (Op op : ops) {
                if (op instanceof AddDevice a) {
                    add(a);
                } else if (op instanceof Link l) {
                    link(l);
                } else if (op instanceof Arrive a) {
                    arrive(a.service());
                } else if (op instanceof Leave l) {
                    leave(l.service());
                } else if (op instanceof Update u) {
                    update(u.driver());
                }
            }
        }

        void add(AddDevice a) {
            int i = added.size();
            String name = "d" + i;
            DeviceSpec.Builder b;
            if (a.parent() < 0 || added.isEmpty()) {
                b = DeviceSpec.builder("/" + name);
            } else {
                String parent = added.get(a.parent() % added.size());
                b = a.nested() ? DeviceSpec.builder(parent + "/" + name) : DeviceSpec.builder("/e/" + name).parent(parent);
            }
            String path = b.build().path();
            if (a.onBus()) {
                b.bus(BUS);
                RecordingDriver d = drivers.get(a.driver());
                d.addId(name);
                d.deferNext(path, a.defers(), "random deferral");
            }
            if (a.creates()) {
                b.probeChildren(List.of(DeviceSpec.builder(path + "/created").build()));
            }
            core.add(b.build());
            added.add(path);
        }

        void link(Link l) {
            if (added.isEmpty()) {
                return;
            }
            String s = added.get(l.supplier() % added.size());
            String c = added.get(l.consumer() % added.size());
            DeviceLink link = switch (l.kind()) {
                case 0 -> DeviceLink.of(s, c);
                case 1 -> DeviceLink.of(s, c, LinkFlag.STATELESS);
                default -> DeviceLink.of(s, c, LinkFlag.SYNC_STATE_ONLY);
            };
            List<DeviceLink> linksBefore = core.links();
            List<String> before = paths();
            try {
                core.link(link);
            } catch (RegistryException refused) {
                // A cycle, a self link or a duplicate: refused, and nothing changed.
                assertThat(core.links()).isEqualTo(linksBefore);
                assertThat(paths()).isEqualTo(before);
            }
        }

        void arrive(int service) {
            if (!registered[service]) {
                registered[service] = true;
                if (service == BUS_TYPE) {
                    core.bindBusType(bus);
                } else {
                    core.bindDriver(drivers.get(service));
                }
            }
        }

        void leave(int service) {
            if (registered[service]) {
                registered[service] = false;
                if (service == BUS_TYPE) {
                    core.unbindBusType(bus);
                } else {
                    core.unbindDriver(drivers.get(service));
                }
            }
        }

        void update(int driver) {
            if (!registered[driver]) {
                return;
            }
            RecordingDriver old = drivers.get(driver);
            RecordingDriver updated = new RecordingDriver(old.name(), BUS, journal);
            old.idTable().forEach(updated::addId);
            core.bindDriver(updated); // stands by: a driver of that name is registered
            core.unbindDriver(old); // the standby takes over
            drivers.set(driver, updated);
        }

        void assertDependenciesPrecede() {
            List<String> order = paths();
            for (Device y : core.devices()) {
                for (String x : dependencies(y)) {
                    assertThat(order.indexOf(x)).as("%s must precede %s in %s", x, y.path(), order)
                            .isLessThan(order.indexOf(y.path()));
                }
            }
        }

        /** Everything arrives, then a few successful probes retry whatever still defers. */
        void settle() {
            for (int s = 0; s <= BUS_TYPE; s++) {
                arrive(s);
            }
            RecordingDriver kicker = new RecordingDriver("kick", BUS, journal);
            core.bindDriver(kicker);
            for (int round = 0; round < 4 && core.devices().stream().anyMatch(d -> d.state() == DeviceState.DEFERRED); round++) {
                String name = "kick" + kicks++;
                kicker.addId(name);
                core.add(DeviceSpec.builder("/" + name).bus(BUS).build());
            }
        }

        List<String> paths() {
            return core.devices().stream().map(Device::path).toList();
        }

        /** What must precede the device: its parent and the suppliers of its links that order (not sync-state-only). */
        List<String> dependencies(Device y) {
            List<String> out = new ArrayList<>();
            y.parent().ifPresent(p -> out.add(p.path()));
            for (DeviceLink l : y.supplierLinks()) {
                if (!l.isSyncStateOnly()) {
                    out.add(l.supplierPath());
                }
            }
            return out;
        }

        void assertListIsConsistent() {
            List<Device> list = core.devices();
            List<String> order = paths();
            assertThat(order).doesNotHaveDuplicates();
            assertThat(list).allMatch(d -> d.state() != DeviceState.REMOVED);
            for (Device d : list) {
                d.parent().ifPresent(p -> {
                    assertThat(order).as("parent of %s", d.path()).contains(p.path());
                    assertThat(p.children()).contains(d);
                });
                DeviceNode creator = ((DeviceNode) d).createdBy;
                if (creator != null) {
                    assertThat(creator.state()).as("creator of %s", d.path()).isEqualTo(DeviceState.BOUND);
                    assertThat(order.indexOf(d.path())).as("%s is behind its creator in %s", d.path(), order)
                            .isGreaterThan(order.indexOf(creator.path()));
                }
                for (DeviceLink l : d.supplierLinks()) {
                    assertThat(core.links()).contains(l);
                    assertThat(order).contains(l.supplierPath());
                }
            }
            assertThat(core.links()).allMatch(l -> order.contains(l.supplierPath()) && order.contains(l.consumerPath()));
        }
    }
}
