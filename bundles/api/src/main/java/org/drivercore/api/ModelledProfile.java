package org.drivercore.api;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The latency profile of a driver that drivercore's modelled driver stands in for: the contract between a
 * machine file, whose loader writes each profile as a Config Admin factory configuration of
 * {@link #FACTORY_PID}, and the modelled driver bundle, one instance of which serves each configuration. The
 * keys, the defaults and the validation of a profile exist here once.
 *
 * @param driver       the driver's name
 * @param bus          the bus it serves
 * @param async        how it opts in to asynchronous shutdown (empty: it does not)
 * @param shutdown     how long its shutdown takes; empty for a driver without a shutdown callback
 * @param seed         the seed of the latency samples
 * @param waitMode     how its shutdown waits: one sleep, or polling a status
 * @param pollInterval how often a polling shutdown looks
 * @param timeout      when a polling shutdown gives up
 * @param ids          its id table
 * @param source       where the figures come from (free text; empty when not given)
 * @param probe        how it probes ({@code struct device_driver.probe_type})
 * @param initcall     when it registers during a boot (a built-in {@code module_init()} driver: device)
 */
public record ModelledProfile(String driver, String bus, Set<AsyncOptIn> async, Optional<LatencyModel> shutdown, long seed,
        WaitMode waitMode, Duration pollInterval, Duration timeout, List<String> ids, String source, ProbeType probe,
        InitcallLevel initcall) {

    /** The factory PID of the modelled driver's configurations. */
    public static final String FACTORY_PID = "org.drivercore.driver.modelled";

    /**
     * The service ranking of a modelled driver: below a driver bundle's (0), so that a real driver of the same name
     * binds whenever one is there, and the modelled one serves the names that have none.
     */
    public static final int FALLBACK_RANKING = -100;

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
    public static final String PROBE = "probe";
    public static final String INITCALL = "initcall";
    /** The machine whose file gave the profile (informational). */
    public static final String MACHINE = "machine";
    /** Every key a profile configuration has. */
    public static final List<String> KEYS = List.of(DRIVER_NAME, BUS, ASYNC, SHUTDOWN, SEED, IDS, WAIT_MODE,
            POLL_INTERVAL_MS, TIMEOUT_MS, SOURCE, PROBE, INITCALL, MACHINE);

    // The defaults of the keys that may be left out.
    public static final String DEFAULT_ASYNC = "none";
    public static final String DEFAULT_SHUTDOWN = "fixed(0ms)";
    public static final String DEFAULT_WAIT_MODE = "sleep";
    public static final long DEFAULT_POLL_INTERVAL_MS = 2;
    public static final long DEFAULT_TIMEOUT_MS = 5000;
    /** {@code PROBE_DEFAULT_STRATEGY}: synchronous, unless the kernel's command line asks otherwise. */
    public static final String DEFAULT_PROBE = "default";
    /** {@code module_init()} of a built-in driver is {@code device_initcall()}, whatever its bus. */
    public static final String DEFAULT_INITCALL = "device";

    /**
     * How a driver opts in to asynchronous shutdown; which opt-in counts is each strategy's kernel generation. (The
     * subsystem's flag, v18's, is the bus's, not the driver's.)
     */
    public enum AsyncOptIn {
        /** Driver-wide: Hayes v8's {@code async_shutdown_enable}, and the seed's opt-in through the bus's hooks. */
        DRIVER,
        /** Per device, set in probe ({@link Device#enableAsyncShutdown()}). */
        DEVICE;

        /**
         * Reads {@code none}, one opt-in, or several separated by commas ({@code driver,device}); {@code true} is
         * {@code driver}, {@code false} and an empty text are none.
         *
         * @throws IllegalArgumentException naming the value and the accepted ones
         */
        public static Set<AsyncOptIn> parse(String what, String text) {
            EnumSet<AsyncOptIn> out = EnumSet.noneOf(AsyncOptIn.class);
            for (String part : (text == null ? "" : text).split(",")) {
                String t = part.trim().toLowerCase(Locale.ROOT);
                switch (t) {
                    case "", "false", "none" -> { }
                    case "true" -> out.add(DRIVER);
                    default -> out.add(EnumNames.find(AsyncOptIn.class, t).orElseThrow(() -> new IllegalArgumentException(
                            what + " '" + text + "' is unknown (expected none, driver, device or driver,device)")));
                }
            }
            return Collections.unmodifiableSet(out);
        }

        /** {@code none}, {@code driver}, {@code device} or {@code driver,device}. */
        public static String external(Set<AsyncOptIn> optIns) {
            return optIns.isEmpty() ? DEFAULT_ASYNC
                    : String.join(",", optIns.stream().sorted().map(EnumNames::external).toList());
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
        async = async.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(async));
        Objects.requireNonNull(shutdown, SHUTDOWN);
        Objects.requireNonNull(waitMode, WAIT_MODE);
        Objects.requireNonNull(probe, PROBE);
        Objects.requireNonNull(initcall, INITCALL);
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
        d.put(ASYNC, AsyncOptIn.external(async));
        d.put(SHUTDOWN, shutdown.map(LatencyModel::toString).orElse(NO_SHUTDOWN));
        d.put(SEED, seed);
        d.put(WAIT_MODE, EnumNames.external(waitMode));
        d.put(POLL_INTERVAL_MS, pollInterval.toMillis());
        d.put(TIMEOUT_MS, timeout.toMillis());
        d.put(IDS, ids.toArray(String[]::new));
        d.put(PROBE, EnumNames.external(probe));
        d.put(INITCALL, EnumNames.external(initcall));
        d.put(MACHINE, machine);
        if (!source.isEmpty()) {
            d.put(SOURCE, source);
        }
        return d;
    }
}
