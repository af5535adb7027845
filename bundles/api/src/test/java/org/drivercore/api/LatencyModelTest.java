package org.drivercore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LatencyModelTest {

    private static final int KEYS = 4000;

    private static List<Duration> samples(LatencyModel m, long seed) {
        List<Duration> out = new ArrayList<>(KEYS);
        for (int i = 0; i < KEYS; i++) {
            out.add(m.sample(seed, "/devices/pci0000:00/0000:00:1d.0/nvme" + i));
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "fixed(4500ms)              | PT4.5S",
            "fixed(4.5s)                | PT4.5S",
            "fixed(250us)               | PT0.00025S",
            "fixed(0ms)                 | PT0S",
            "  FIXED( 1.5ms )           | PT0.0015S",
    })
    void fixedAlwaysGivesItsValue(String text, Duration expected) {
        LatencyModel m = LatencyModel.parse(text);

        assertThat(samples(m, 1)).containsOnly(expected);
        assertThat(m.sample(99, "")).isEqualTo(expected);
    }

    @Test
    void uniformStaysWithinItsBoundsAndCoversThem() {
        LatencyModel m = LatencyModel.parse("uniform(100ms, 300ms)");

        List<Duration> s = samples(m, 42);

        assertThat(s).allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(100), Duration.ofMillis(300)));
        assertThat(Collections.min(s)).isLessThan(Duration.ofMillis(102));
        assertThat(Collections.max(s)).isGreaterThan(Duration.ofMillis(298));
        double meanMs = s.stream().mapToLong(Duration::toNanos).average().orElseThrow() / 1e6;
        assertThat(meanMs).isCloseTo(200, within(5.0));
    }

    @Test
    void siblingPathsGetIndependentSamples() {
        // Sixteen NVMe drives whose paths differ only in their last characters, as on a real machine.
        LatencyModel m = LatencyModel.parse("uniform(100ms, 300ms)");
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ms.add(m.sample(1, "/devices/pci0000:00/0000:00:1d.0/0000:3b:00.0/nvme" + i).toMillis());
        }

        assertThat(ms.stream().distinct().count()).as("%s", ms).isGreaterThanOrEqualTo(14);
    }

    @Test
    void uniformSamplesOverManyKeysFillEveryDecileEvenly() {
        LatencyModel m = LatencyModel.parse("uniform(0ms, 1000ms)");
        int[] deciles = new int[10];
        for (Duration d : samples(m, 42)) {
            deciles[(int) Math.min(9, d.toMillis() / 100)]++;
        }

        for (int count : deciles) {
            assertThat(count / (double) KEYS).as(java.util.Arrays.toString(deciles)).isCloseTo(0.1, within(0.02));
        }
    }

    @Test
    void aUniformWithEqualBoundsIsThatValue() {
        assertThat(samples(LatencyModel.parse("uniform(2s, 2000ms)"), 3)).containsOnly(Duration.ofSeconds(2));
    }

    @Test
    void lognormalIsCentredOnItsMedianAcrossKeys() {
        LatencyModel m = LatencyModel.parse("lognormal(median=4500ms, sigma=0.2)");

        List<Duration> s = new ArrayList<>(samples(m, 7));
        Collections.sort(s);

        Duration median = s.get(s.size() / 2);
        assertThat(median.toNanos() / 1e6).isCloseTo(4500, within(4500 * 0.03));
        long below = s.stream().filter(d -> d.compareTo(Duration.ofMillis(4500)) < 0).count();
        assertThat(below / (double) KEYS).isCloseTo(0.5, within(0.03));
        // sigma is the standard deviation of the logarithm.
        double[] logs = s.stream().mapToDouble(d -> Math.log(d.toNanos() / 4.5e9)).toArray();
        double mean = java.util.Arrays.stream(logs).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(logs).map(x -> (x - mean) * (x - mean)).sum() / (logs.length - 1));
        assertThat(sd).isCloseTo(0.2, within(0.01));
        assertThat(s).allSatisfy(d -> assertThat(d.toNanos() % 1000).as("whole microseconds").isZero());
    }

    @Test
    void aLognormalWithoutSpreadIsItsMedian() {
        assertThat(samples(LatencyModel.parse("lognormal(median=5s, sigma=0)"), 1)).containsOnly(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fixed(4500ms)", "uniform(100ms, 300ms)", "lognormal(median=4500ms, sigma=0.2)"})
    void aSampleDependsOnlyOnTheModelTheSeedAndTheKey(String text) {
        LatencyModel a = LatencyModel.parse(text);
        LatencyModel b = LatencyModel.parse(text);

        assertThat(samples(a, 1234)).isEqualTo(samples(b, 1234));
        assertThat(a.sample(1234, "/x")).isEqualTo(a.sample(1234, "/x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"uniform(100ms, 300ms)", "lognormal(median=4500ms, sigma=0.2)"})
    void anotherSeedOrKeyGivesOtherSamples(String text) {
        LatencyModel m = LatencyModel.parse(text);

        List<Duration> seed1 = samples(m, 1);
        List<Duration> seed2 = samples(m, 2);
        int same = 0;
        for (int i = 0; i < KEYS; i++) {
            same += seed1.get(i).equals(seed2.get(i)) ? 1 : 0;
        }
        assertThat(same).isLessThan(KEYS / 50);
        assertThat(seed1.stream().distinct().count()).isGreaterThan(KEYS / 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fixed(4500ms)", "fixed(250us)", "fixed(1500us)", "uniform(100ms, 300ms)", "uniform(1s, 2s)",
            "lognormal(median=4500ms, sigma=0.2)", "lognormal(median=10us, sigma=1.5)", "fixed(1.5us)", "uniform(0.5us, 2.25us)"})
    void theTextFormReadsBackToTheSameModel(String text) {
        LatencyModel m = LatencyModel.parse(text);

        LatencyModel again = LatencyModel.parse(m.toString());

        assertThat(again.toString()).isEqualTo(m.toString());
        assertThat(samples(again, 5)).isEqualTo(samples(m, 5));
    }

    @Test
    void unknownTextNamesWhatIsAccepted() {
        assertThatThrownBy(() -> LatencyModel.parse("gaussian(4s)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'gaussian(4s)'")
                .hasMessageContaining("fixed(4500ms)").hasMessageContaining("uniform(100ms, 300ms)")
                .hasMessageContaining("lognormal(median=4500ms, sigma=0.2)");
        assertThatThrownBy(() -> LatencyModel.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyModel.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fixed(4500)", "fixed(4500 ms)", "fixed(4.5min)", "fixed(-1ms)", "uniform(1ms, 2)",
            "lognormal(median=4500, sigma=0.2)", "fixed(1e3ms)"})
    void aBadDurationIsRefusedNamingTheText(String text) {
        assertThatThrownBy(() -> LatencyModel.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void aBadDurationSaysWhatADurationIs() {
        assertThatThrownBy(() -> LatencyModel.parse("fixed(4500)"))
                .hasMessageContaining("'4500' is not a duration").hasMessageContaining("us, ms or s");
    }

    @Test
    void aUniformMaximumBelowItsMinimumIsRefused() {
        assertThatThrownBy(() -> LatencyModel.parse("uniform(300ms, 100ms)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'uniform(300ms, 100ms)'").hasMessageContaining("maximum is below its minimum");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "lognormal(median=1s, sigma=abc)   | 'abc' is not a number",
            "lognormal(median=1s, sigma=NaN)   | is not a number",
            "lognormal(median=1s, sigma=-0.1)  | between 0 and 5",
            "lognormal(median=1s, sigma=5.5)   | between 0 and 5",
    })
    void aBadSigmaIsRefused(String text, String why) {
        assertThatThrownBy(() -> LatencyModel.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.trim()).hasMessageContaining(why.trim());
    }
}
