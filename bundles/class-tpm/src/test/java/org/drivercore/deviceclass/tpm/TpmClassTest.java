package org.drivercore.deviceclass.tpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.drivercore.api.RecordingContext;
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
        RecordingContext ctx = new RecordingContext(ShutdownMode.POWEROFF);
        new TpmClass(config("fixed(20ms)", 0)).shutdownPre(TPM0, ctx).toCompletableFuture().join();
        assertThat(ctx.sleeps).containsExactly(Duration.ofMillis(20));
        assertThat(ctx.polls).as("TPM2_Shutdown is modelled as one wait").isZero();
    }

    @Test
    void theDefaultIsReproducibleAndWithinItsRange() {
        TpmClass a = new TpmClass(config("uniform(10ms, 40ms)", 7));
        RecordingContext first = new RecordingContext(ShutdownMode.POWEROFF);
        RecordingContext second = new RecordingContext(ShutdownMode.POWEROFF);
        a.shutdownPre(TPM0, first);
        new TpmClass(config("uniform(10ms, 40ms)", 7)).shutdownPre(TPM0, second);
        assertThat(first.sleeps).isEqualTo(second.sleeps);
        assertThat(first.sleeps.get(0)).isBetween(Duration.ofMillis(10), Duration.ofMillis(40));
    }

    @Test
    void aBadLatencyModelIsReplacedByTheDefaultSoTheClassStays() {
        TpmClass c = new TpmClass(config("gaussian(1ms)", 3));
        RecordingContext bad = new RecordingContext(ShutdownMode.POWEROFF);
        RecordingContext byDefault = new RecordingContext(ShutdownMode.POWEROFF);
        c.shutdownPre(TPM0, bad);
        new TpmClass(config(TpmClass.Config.DEFAULT_SHUTDOWN_PRE, 3)).shutdownPre(TPM0, byDefault);
        assertThat(bad.sleeps).isEqualTo(byDefault.sleeps);
    }
}
