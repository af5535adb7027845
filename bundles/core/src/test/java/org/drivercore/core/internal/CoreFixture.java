package org.drivercore.core.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.DeviceState;

/** A fresh registry per test, with an event log and a journal of driver calls. */
abstract class CoreFixture {

    final DeviceCore core = new DeviceCore();
    final EventLog log = new EventLog();
    /** Probe and remove calls of every {@link RecordingDriver} made by {@link #driver}, in order. */
    final List<String> journal = Collections.synchronizedList(new ArrayList<>());

    CoreFixture() {
        core.bindListener(log);
    }

    TestBus bus(String name) {
        TestBus b = new TestBus(name);
        core.bindBusType(b);
        return b;
    }

    /** A driver, not registered yet. */
    RecordingDriver driver(String name, String bus, String... ids) {
        return new RecordingDriver(name, bus, journal, ids);
    }

    RecordingDriver register(RecordingDriver d) {
        core.bindDriver(d);
        return d;
    }

    static DeviceSpec.Builder spec(String path) {
        return DeviceSpec.builder(path);
    }

    static DeviceSpec on(String bus, String path) {
        return DeviceSpec.builder(path).bus(bus).build();
    }

    static DeviceSpec classDevice(String path) {
        return DeviceSpec.builder(path).build();
    }

    Device add(DeviceSpec spec) {
        return core.add(spec);
    }

    Device device(String path) {
        return core.device(path).orElseThrow(() -> new AssertionError("no device " + path));
    }

    DeviceState state(String path) {
        return device(path).state();
    }

    /** The registry's links as requests: their flags but {@code MANAGED}, without state. */
    List<DeviceLink> linkRequests() {
        return core.links().stream().map(l -> {
            java.util.Set<org.drivercore.api.LinkFlag> flags = new java.util.HashSet<>(l.flags());
            flags.remove(org.drivercore.api.LinkFlag.MANAGED);
            return new DeviceLink(l.supplierPath(), l.consumerPath(), flags);
        }).toList();
    }

    List<String> paths() {
        return core.devices().stream().map(Device::path).toList();
    }

    List<String> journal() {
        synchronized (journal) {
            return List.copyOf(journal);
        }
    }

    void clearRecords() {
        journal.clear();
        log.clear();
    }

    /** Everything a failed request must leave as it was. */
    record Snapshot(List<String> paths, List<DeviceLink> links, Map<String, String> states) {
    }

    Snapshot snapshot() {
        List<Device> devices = core.devices();
        return new Snapshot(devices.stream().map(Device::path).toList(), core.links(),
                devices.stream().collect(Collectors.toMap(Device::path,
                        d -> d.state() + " " + d.driver().orElse("-") + " " + d.stateReason().orElse("")
                                + " parent=" + d.parent().map(Device::path).orElse("-")
                                + " children=" + d.children().stream().map(Device::path).toList()
                                + " async=" + d.isAsyncShutdownEnabled())));
    }
}
