package org.drivercore.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The latency profile of a driver that drivercore's modelled driver stands in for: the contract between a
 * machine file, whose loader writes each profile as a Config Admin factory configuration of
 * {@link #FACTORY_PID}, and the modelled driver bundle, one instance of which serves each configuration. The
 * keys, the defaults and the validation of a profile exist here once.
 *
 * @param driver       the driver's name
 * @param bus          the bus it serves
 * @param async        how it opts in to asynchronous shutdown
 * @param shutdown     how long its shutdown takes; empty for a driver without a shutdown callback
 * @param seed         the seed of the latency samples
 * @param waitMode     how its shutdown waits: one sleep, or polling a status
 * @param pollInterval how often a polling shutdown looks
 * @param timeout      when a polling shutdown gives up
 * @param ids          its id table
 * @param source       where the figures come from (free text; empty when not given)
 */
public record ModelledProfile(String driver, String bus, AsyncOptIn async, Optional<LatencyModel> shutdown, long seed,
        WaitMode waitMode, Duration pollInterval, Duration timeout, List<String> ids, String source) {

    /** The factory PID of the modelled driver's configurations. */
    public static final String FACTORY_PID = "org.drivercore.driver.modelled";

    /** The {@code shutdown} value of a driver without a shutdown callback (many Linux drivers have none). */
    public static final String NO_SHUTDOWN = "none";

    // The configuration keys.
    public static final String DRIVER_NAME = "driver.name";
    public static final String BUS = "bus";
    public static final String ASYNC = "async";
    public static final String SHUTDOWN = "shutdown";
    public static final String SEED = "seed";
    public static final String IDS = "ids";
    public static final String WAIT_MODE = "wait.mode";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String TIMEOUT_MS = "timeout.ms";
    public static final String SOURCE = "source";
    /** The machine whose file gave the profile (informational). */
    public static final String MACHINE = "machine";
    /** Every key a profile configuration has. */
    public static final List<String> KEYS = List.of(DRIVER_NAME, BUS, ASYNC, SHUTDOWN, SEED, IDS, WAIT_MODE,
            POLL_INTERVAL_MS, TIMEOUT_MS, SOURCE, MACHINE);

    // The defaults of the keys that may be left out.
    public static final String DEFAULT_ASYNC = "none";
    public static final String DEFAULT_SHUTDOWN = "fixed(0ms)";
    public static final String DEFAULT_WAIT_MODE = "sleep";
    public static final long DEFAULT_POLL_INTERVAL_MS = 2;
    public static final long DEFAULT_TIMEOUT_MS = 5000;

    /** How a driver opts in to asynchronous shutdown. */
    public enum AsyncOptIn {
        /** Sync. */
        NONE,
        /** Driver-wide, as Hayes v8's {@code async_shutdown_enable}. */
        DRIVER,
        /** Per device, set in probe, as the seed's {@code device_enable_async_shutdown()}. */
        DEVICE;

        /** Also takes {@code true} (driver-wide), {@code false} and an empty text (none). */
        public static AsyncOptIn parse(String what, String text) {
            String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "", "false" -> NONE;
                case "true" -> DRIVER;
                default -> EnumNames.parse(AsyncOptIn.class, what, text);
            };
        }
    }

    /** How a modelled shutdown waits. */
    public enum WaitMode {
        /** One sleep of the sampled latency. */
        SLEEP,
        /** Polls a status every interval until the latency has passed, or gives up at the timeout, as nvme does. */
        POLL
    }

    public ModelledProfile {
        driver = required(driver, DRIVER_NAME);
        bus = required(bus, BUS);
        Objects.requireNonNull(async, ASYNC);
        Objects.requireNonNull(shutdown, SHUTDOWN);
        Objects.requireNonNull(waitMode, WAIT_MODE);
        if (pollInterval.isNegative() || pollInterval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("modelled driver '" + driver + "': " + POLL_INTERVAL_MS + " and " + TIMEOUT_MS
                    + " must be positive");
        }
        ids = List.copyOf(ids);
        source = source == null ? "" : source;
    }

    private static String required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("modelled driver profile: '" + key + "' is missing");
        }
        return value.trim();
    }

    /**
     * Reads a {@code shutdown} value: {@value #NO_SHUTDOWN}, or a {@link LatencyModel}.
     *
     * @throws IllegalArgumentException naming what is wrong and what is accepted
     */
    public static Optional<LatencyModel> parseShutdown(String text) {
        if (text != null && NO_SHUTDOWN.equalsIgnoreCase(text.trim())) {
            return Optional.empty();
        }
        return Optional.of(LatencyModel.parse(text));
    }

    /** The profile as the properties of its factory configuration. */
    public Map<String, Object> toProperties(String machine) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(DRIVER_NAME, driver);
        d.put(BUS, bus);
        d.put(ASYNC, EnumNames.external(async));
        d.put(SHUTDOWN, shutdown.map(LatencyModel::toString).orElse(NO_SHUTDOWN));
        d.put(SEED, seed);
        d.put(WAIT_MODE, EnumNames.external(waitMode));
        d.put(POLL_INTERVAL_MS, pollInterval.toMillis());
        d.put(TIMEOUT_MS, timeout.toMillis());
        d.put(IDS, ids.toArray(String[]::new));
        d.put(MACHINE, machine);
        if (!source.isEmpty()) {
            d.put(SOURCE, source);
        }
        return d;
    }
}
