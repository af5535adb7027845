package org.drivercore.shutdown.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.Optional;

import org.drivercore.api.shutdown.AsyncPolicy;
import org.junit.jupiter.api.Test;

class SettingsTest {

    /** A configuration as DS would give it (the annotation's defaults unless overridden). */
    private static ShutdownCoordinator.Config config(String async, int pool, int kernelPool, double timescale, long deadlineMs, long hangMs) {
        return new ShutdownCoordinator.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ShutdownCoordinator.Config.class;
            }

            @Override
            public String strategy() {
                return "dag";
            }

            @Override
            public String async() {
                return async;
            }

            @Override
            public int pool() {
                return pool;
            }

            @Override
            public int kernel_pool() {
                return kernelPool;
            }

            @Override
            public double timescale() {
                return timescale;
            }

            @Override
            public long deadline_ms() {
                return deadlineMs;
            }

            @Override
            public long hang_period_ms() {
                return hangMs;
            }
        };
    }

    @Test
    void defaults() {
        Settings s = Settings.from(config("as-kernel", 0, 256, 0.1, 300_000, 15_000));

        assertThat(s.problems()).isEmpty();
        assertThat(s.pool()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(s.poolFor(StrategyRegistry.Kind.KERNEL)).isEqualTo(256);
        assertThat(s.poolFor(StrategyRegistry.Kind.CPU)).isEqualTo(s.pool());
        assertThat(s.deadline()).contains(Duration.ofMinutes(5));
        assertThat(s.async()).isEqualTo(AsyncPolicy.AS_KERNEL);
        assertThat(s).isEqualTo(Settings.defaults());
    }

    @Test
    void badValuesAreReportedWithTheirKeyAndReplacedByTheDefault() {
        Settings s = Settings.from(config("some", -1, 0, 0, -5, 0));

        assertThat(s.problems()).hasSize(6).anySatisfy(p -> assertThat(p).startsWith("async: "))
                .anySatisfy(p -> assertThat(p).startsWith("pool: ")).anySatisfy(p -> assertThat(p).startsWith("kernel.pool: "))
                .anySatisfy(p -> assertThat(p).startsWith("timescale: ")).anySatisfy(p -> assertThat(p).startsWith("deadline.ms: "))
                .anySatisfy(p -> assertThat(p).startsWith("hang.period.ms: "));
        assertThat(s.async()).isEqualTo(AsyncPolicy.AS_KERNEL);
        assertThat(s.kernelPool()).isEqualTo(256);
        assertThat(s.timescale()).isEqualTo(0.1);
        assertThat(s.deadline()).contains(Duration.ofMinutes(5));
        assertThat(s.hangPeriod()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aZeroDeadlineMeansNone() {
        assertThat(Settings.from(config("all", 3, 8, 0.5, 0, 1000)).deadline()).isEqualTo(Optional.empty());
    }
}
