package org.drivercore.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A driver for tests of buses and classes: it binds whatever it is offered, and its shutdown (when it has one) records
 * the device's name and waits its latency through the context.
 */
public final class StubDriver implements Driver {

    /** The names of the devices shut down, in order. */
    public final List<String> shutdowns = new ArrayList<>();
    private final String name;
    private final String bus;
    private final List<String> ids;
    private final Duration shutdown;

    /**
     * @param shutdown how long its shutdown takes, or null for a driver without a shutdown callback
     */
    public StubDriver(String name, String bus, List<String> ids, Duration shutdown) {
        this.name = name;
        this.bus = bus;
        this.ids = List.copyOf(ids);
        this.shutdown = shutdown;
    }

    /** Without an id table. */
    public StubDriver(String name, String bus, Duration shutdown) {
        this(name, bus, List.of(), shutdown);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String bus() {
        return bus;
    }

    @Override
    public List<String> idTable() {
        return ids;
    }

    @Override
    public ProbeResult probe(Device device, ProbeContext context) {
        return ProbeResult.bound();
    }

    @Override
    public boolean hasShutdown() {
        return shutdown != null;
    }

    @Override
    public CompletionStage<Void> shutdown(Device device, ShutdownContext context) {
        shutdowns.add(device.name());
        return context.sleep(shutdown);
    }
}
