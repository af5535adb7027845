package org.drivercore.deviceclass.tpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

import org.drivercore.api.ShutdownContext;
import org.drivercore.api.ShutdownMode;
import org.drivercore.api.StubDevice;
import org.junit.jupiter.api.Test;

class TpmClassTest {

    private static TpmClass.Config config(String shutdownPre, long seed) {
        return new TpmClass.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TpmClass.Config.class;
            }

            @Override
            public String shutdown_pre() {
                return shutdownPre;
            }

            @Override
            public long seed() {
                return seed;
            }
        };
    }

    /** A context that records the sleeps it is asked for. */
    private static final class Sleeps implements ShutdownContext {
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public Duration elapsed() {
            return Duration.ZERO;
        }

        @Override
        public Optional<Duration> remaining() {
            return Optional.empty();
        }

        @Override
        public ShutdownMode mode() {
            return ShutdownMode.POWEROFF;
        }

        @Override
        public CompletionStage<Void> sleep(Duration duration) {
            sleeps.add(duration);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Boolean> pollUntil(BooleanSupplier condition, Duration interval, Duration timeout) {
            throw new AssertionError("TPM2_Shutdown is modelled as one wait");
        }
    }

    private static final StubDevice TPM0 = new StubDevice("/devices/platform/MSFT0101:00/tpm/tpm0", "tpm0", null,
            Map.of("SUBSYSTEM", "tpm"), List.of());

    @Test
    void isTheTpmClassWithAShutdownPre() {
        TpmClass c = new TpmClass(config("fixed(20ms)", 0));
        assertThat(c.name()).isEqualTo("tpm");
        assertThat(c.hasShutdownPre()).isTrue();
        assertThat(TPM0.deviceClass()).hasValue(c.name());
    }

    @Test
    void shutdownPreWaitsTheModelledCommandThroughTheContext() {
        Sleeps ctx = new Sleeps();
        new TpmClass(config("fixed(20ms)", 0)).shutdownPre(TPM0, ctx).toCompletableFuture().join();
        assertThat(ctx.sleeps).containsExactly(Duration.ofMillis(20));
    }

    @Test
    void theDefaultIsReproducibleAndWithinItsRange() {
        TpmClass a = new TpmClass(config("uniform(10ms, 40ms)", 7));
        Sleeps first = new Sleeps();
        Sleeps second = new Sleeps();
        a.shutdownPre(TPM0, first);
        new TpmClass(config("uniform(10ms, 40ms)", 7)).shutdownPre(TPM0, second);
        assertThat(first.sleeps).isEqualTo(second.sleeps);
        assertThat(first.sleeps.get(0)).isBetween(Duration.ofMillis(10), Duration.ofMillis(40));
    }

    @Test
    void aBadLatencyModelIsReplacedByTheDefaultSoTheClassStays() {
        TpmClass c = new TpmClass(config("gaussian(1ms)", 3));
        Sleeps bad = new Sleeps();
        Sleeps byDefault = new Sleeps();
        c.shutdownPre(TPM0, bad);
        new TpmClass(config(TpmClass.Config.DEFAULT_SHUTDOWN_PRE, 3)).shutdownPre(TPM0, byDefault);
        assertThat(bad.sleeps).isEqualTo(byDefault.sleeps);
    }
}
