package org.drivercore.api;

import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a modelled operation takes, in emulated (real-world) time. Written as text in machine files,
 * configurations and commands:
 * <ul>
 * <li>{@code fixed(4500ms)}</li>
 * <li>{@code uniform(100ms, 300ms)}</li>
 * <li>{@code lognormal(median=4500ms, sigma=0.2)}</li>
 * </ul>
 * Durations take the units {@code us}, {@code ms} and {@code s}. A sample depends only on the model, the
 * seed and the key (a device path), so runs are reproducible.
 */
public abstract sealed class LatencyModel {

    private static final Pattern FIXED = Pattern.compile("fixed\\(\\s*([^)\\s]+)\\s*\\)");
    private static final Pattern UNIFORM = Pattern.compile("uniform\\(\\s*([^,\\s]+)\\s*,\\s*([^)\\s]+)\\s*\\)");
    private static final Pattern LOGNORMAL =
            Pattern.compile("lognormal\\(\\s*median\\s*=\\s*([^,\\s]+)\\s*,\\s*sigma\\s*=\\s*([^)\\s]+)\\s*\\)");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(us|ms|s)");

    private LatencyModel() {
    }

    /** The latency for the given key (a device path) under the given seed. */
    public abstract Duration sample(long seed, String key);

    /** The text form, which {@link #parse(String)} reads back. */
    @Override
    public abstract String toString();

    public static LatencyModel fixed(Duration d) {
        return new Fixed(d);
    }

    /**
     * Parses the text form.
     *
     * @throws IllegalArgumentException naming what is wrong and what is accepted
     */
    public static LatencyModel parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = FIXED.matcher(s);
        if (m.matches()) {
            return new Fixed(duration(m.group(1), text));
        }
        m = UNIFORM.matcher(s);
        if (m.matches()) {
            Duration min = duration(m.group(1), text);
            Duration max = duration(m.group(2), text);
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("latency model '" + text + "': uniform maximum is below its minimum");
            }
            return new Uniform(min, max);
        }
        m = LOGNORMAL.matcher(s);
        if (m.matches()) {
            Duration median = duration(m.group(1), text);
            double sigma;
            try {
                sigma = Double.parseDouble(m.group(2));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("latency model '" + text + "': sigma '" + m.group(2) + "' is not a number");
            }
            if (!(sigma >= 0) || sigma > 5) {
                throw new IllegalArgumentException("latency model '" + text + "': sigma must be between 0 and 5");
            }
            return new LogNormal(median, sigma);
        }
        throw new IllegalArgumentException("unknown latency model '" + text
                + "' (expected fixed(4500ms), uniform(100ms, 300ms) or lognormal(median=4500ms, sigma=0.2))");
    }

    /**
     * Parses a duration as latency models write them: a non-negative number with {@code us}, {@code ms} or {@code s}
     * ({@code 250us}, {@code 4500ms}, {@code 1.5s}).
     *
     * @throws IllegalArgumentException naming the text and what is accepted
     */
    public static Duration parseDuration(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (!DURATION.matcher(s).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (a number with us, ms or s: 15s, 250us)");
        }
        return duration(s, text);
    }

    private static Duration duration(String d, String whole) {
        Matcher m = DURATION.matcher(d);
        if (!m.matches()) {
            throw new IllegalArgumentException("latency model '" + whole + "': '" + d
                    + "' is not a duration (a number with us, ms or s)");
        }
        double v = Double.parseDouble(m.group(1));
        double nanos = switch (m.group(2)) {
            case "us" -> v * 1e3;
            case "ms" -> v * 1e6;
            default -> v * 1e9;
        };
        return Duration.ofNanos(Math.round(nanos));
    }

    private static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos % 1_000_000 == 0) {
            return nanos / 1_000_000 + "ms";
        }
        // Microseconds, with a fraction when parse() was given one: the text must read back to the same model.
        return java.math.BigDecimal.valueOf(nanos, 3).stripTrailingZeros().toPlainString() + "us";
    }

    /** A per-key generator: the same seed and key always give the same sequence. */
    static Random random(long seed, String key) {
        long h = 1125899906842597L;
        for (int i = 0; i < key.length(); i++) {
            h = 31 * h + key.charAt(i);
        }
        // Sibling paths (.../nvme0, .../nvme1) hash to nearby values, and java.util.Random's first outputs for
        // nearby seeds are nearly equal: scramble the seed (SplitMix64's finaliser) so that keys are independent.
        long z = seed * 0x9E3779B97F4A7C15L ^ h;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Random(z ^ (z >>> 31));
    }

    static final class Fixed extends LatencyModel {
        private final Duration value;

        Fixed(Duration value) {
            this.value = value;
        }

        @Override
        public Duration sample(long seed, String key) {
            return value;
        }

        @Override
        public String toString() {
            return "fixed(" + format(value) + ")";
        }
    }

    static final class Uniform extends LatencyModel {
        private final Duration min;
        private final Duration max;

        Uniform(Duration min, Duration max) {
            this.min = min;
            this.max = max;
        }

        @Override
        public Duration sample(long seed, String key) {
            long span = max.toNanos() - min.toNanos();
            long offset = span == 0 ? 0 : (long) (random(seed, key).nextDouble() * (span + 1));
            return min.plusNanos(Math.min(offset, span));
        }

        @Override
        public String toString() {
            return "uniform(" + format(min) + ", " + format(max) + ")";
        }
    }

    static final class LogNormal extends LatencyModel {
        private final Duration median;
        private final double sigma;

        LogNormal(Duration median, double sigma) {
            this.median = median;
            this.sigma = sigma;
        }

        @Override
        public Duration sample(long seed, String key) {
            double factor = Math.exp(sigma * random(seed, key).nextGaussian());
            // Whole microseconds keep traces and reports readable.
            long micros = Math.round(median.toNanos() * factor / 1e3);
            return Duration.ofNanos(micros * 1_000);
        }

        @Override
        public String toString() {
            return "lognormal(median=" + format(median) + ", sigma=" + sigma + ")";
        }
    }
}
