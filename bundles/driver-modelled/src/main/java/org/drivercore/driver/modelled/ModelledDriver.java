package org.drivercore.driver.modelled;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.Driver;
import org.drivercore.api.LatencyModel;
import org.drivercore.api.ProbeContext;
import org.drivercore.api.ProbeResult;
import org.drivercore.api.ShutdownContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A driver whose behaviour comes from a latency profile: one instance per factory configuration of
 * {@value #PID} (one per driver name). It binds the devices that record its name as their driver, so
 * any machine can be fully bound, and on probe creates the devices recorded as created by the driver.
 *
 * <p>{@code shutdown=none} means the driver has no shutdown callback (many Linux drivers have none).
 * Otherwise shutdown waits through the context: {@code wait.mode=sleep} sleeps the sampled latency;
 * {@code wait.mode=poll} polls a status every {@code poll.interval.ms} as nvme polls CSTS.SHST, and gives up
 * after {@code timeout.ms} ("Device not ready; aborting shutdown"), as nvme does after
 * {@code shutdown_timeout}.
 */
@Component(service = Driver.class, configurationPid = ModelledDriver.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class ModelledDriver implements Driver {

    /** The factory PID of the profiles. */
    public static final String PID = "org.drivercore.driver.modelled";

    private static final Logger LOG = LoggerFactory.getLogger(ModelledDriver.class);

    /** The {@code shutdown} value of a driver without a shutdown callback. */
    static final String NO_SHUTDOWN = "none";

    /** How a profile opts in to asynchronous shutdown. */
    enum AsyncOptIn {
        /** Sync. */
        NONE,
        /** Driver-wide, as Hayes v8's {@code async_shutdown_enable}. */
        DRIVER,
        /** Per device, set in probe, as the seed's {@code device_enable_async_shutdown()}. */
        DEVICE
    }

    /** The profile, as Config Admin properties ({@code driver.name}, {@code bus}, ...). */
    @interface Profile {
        String driver_name();

        String bus();

        String async() default "none";

        String shutdown() default "fixed(0ms)";

        long seed() default 0;

        String[] ids() default {};

        String wait_mode() default "sleep";

        long poll_interval_ms() default 2;

        long timeout_ms() default 5000;
    }

    private final String name;
    private final String bus;
    private final AsyncOptIn async;
    private final LatencyModel shutdownLatency;
    private final long seed;
    private final List<String> ids;
    private final boolean poll;
    private final Duration pollInterval;
    private final Duration timeout;

    @Activate
    public ModelledDriver(Profile profile) {
        this.name = require(profile.driver_name(), "driver.name");
        this.bus = require(profile.bus(), "bus");
        this.async = parseAsync(profile.async());
        // "none": the driver has no shutdown callback at all, so its devices are ordering-only nodes.
        this.shutdownLatency = NO_SHUTDOWN.equalsIgnoreCase(profile.shutdown().trim()) ? null
                : LatencyModel.parse(profile.shutdown());
        this.seed = profile.seed();
        this.ids = List.of(profile.ids());
        this.poll = switch (profile.wait_mode().trim().toLowerCase(Locale.ROOT)) {
            case "sleep" -> false;
            case "poll" -> true;
            default -> throw new IllegalArgumentException("modelled driver '" + name + "': wait.mode '" + profile.wait_mode()
                    + "' is unknown (expected sleep or poll)");
        };
        if (profile.poll_interval_ms() <= 0 || profile.timeout_ms() <= 0) {
            throw new IllegalArgumentException("modelled driver '" + name + "': poll.interval.ms and timeout.ms must be positive");
        }
        this.pollInterval = Duration.ofMillis(profile.poll_interval_ms());
        this.timeout = Duration.ofMillis(profile.timeout_ms());
        LOG.info("Modelled driver '{}' on bus '{}': async {}, shutdown {}", name, bus, async,
                shutdownLatency == null ? NO_SHUTDOWN : shutdownLatency);
    }

    private static String require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("modelled driver profile: '" + key + "' is missing");
        }
        return value.trim();
    }

    static AsyncOptIn parseAsync(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        return switch (t) {
            case "NONE", "FALSE", "" -> AsyncOptIn.NONE;
            case "DRIVER", "TRUE" -> AsyncOptIn.DRIVER;
            case "DEVICE" -> AsyncOptIn.DEVICE;
            default -> throw new IllegalArgumentException("async '" + text + "' is unknown (expected none, driver or device)");
        };
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
    public boolean asyncShutdown() {
        return async == AsyncOptIn.DRIVER;
    }

    @Override
    public ProbeResult probe(Device device, ProbeContext context) {
        if (async == AsyncOptIn.DEVICE) {
            device.enableAsyncShutdown();
        }
        // Recorded in creation order, each with its parent: the device itself or one created before.
        for (DeviceSpec child : device.probeChildren()) {
            context.addChild(child);
        }
        return ProbeResult.bound();
    }

    @Override
    public boolean hasShutdown() {
        return shutdownLatency != null;
    }

    /** The emulated time this driver needs to shut the device down (zero without a shutdown callback). */
    public Duration shutdownLatency(Device device) {
        return shutdownLatency == null ? Duration.ZERO : shutdownLatency.sample(seed, device.path());
    }

    @Override
    public CompletionStage<Void> shutdown(Device device, ShutdownContext context) {
        Duration latency = shutdownLatency(device);
        if (!poll || shutdownLatency == null) {
            return context.sleep(latency);
        }
        Duration done = context.elapsed().plus(latency);
        return context.pollUntil(() -> context.elapsed().compareTo(done) >= 0, pollInterval, timeout)
                .thenAccept(ready -> {
                    if (!ready) {
                        LOG.warn("{}: Device not ready; aborting shutdown", device.path());
                    }
                });
    }

    @Override
    public String toString() {
        return "modelled driver " + name + " (" + bus + ", " + (shutdownLatency == null ? NO_SHUTDOWN : shutdownLatency) + ")";
    }
}
