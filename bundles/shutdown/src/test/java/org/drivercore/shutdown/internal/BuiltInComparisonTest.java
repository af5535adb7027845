package org.drivercore.shutdown.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.drivercore.api.LinkFlag;
import org.drivercore.api.ShutdownMode;
import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownStrategy;
import org.drivercore.shutdown.engine.GraphGenerator;
import org.junit.jupiter.api.Test;

/** The glue over the real strategies: every built-in one, compared on a generated graph. */
class BuiltInComparisonTest {

    @Test
    void everyBuiltInStrategyRunsAndDagMeetsTheBound() {
        ShutdownGraph g = GraphGenerator.generate("devices=120,seed=7,async=0.3,links=0.2");
        List<Runs.Choice> choices = BuiltInStrategies.ORDER.stream()
                .map(n -> new Runs.Choice(new Named(n), BuiltInStrategies.kind(n) == StrategyRegistry.Kind.KERNEL ? 256 : 2))
                .toList();

        List<RunReport> runs = Runs.compare(g, choices, AsyncPolicy.OPT_IN, new Runs.Clocking(Clock.VIRTUAL, 1, Optional.empty(),
                Duration.ofSeconds(15), ShutdownMode.POWEROFF)).reports();

        assertThat(runs).extracting(RunReport::name).containsExactlyElementsOf(BuiltInStrategies.ORDER);
        // The component SCR registers is its strategy: its kernel generation's flags and links too.
        for (Runs.Choice c : choices) {
            ShutdownStrategy s = BuiltInStrategies.create(c.strategy().name()).orElseThrow();
            assertThat(c.strategy().asyncFlags()).as(s.name()).isEqualTo(s.asyncFlags());
            assertThat(c.strategy().honours(Set.of(LinkFlag.SYNC_STATE_ONLY))).as(s.name())
                    .isEqualTo(s.honours(Set.of(LinkFlag.SYNC_STATE_ONLY)));
        }
        RunReport dag = runs.get(4);
        assertThat(dag.ratio()).isEqualTo(1.0);
        assertThat(dag.violations()).isEmpty();
        assertThat(dag.run().deadlock()).isFalse();
        RunReport serial = runs.get(0);
        assertThat(serial.violations()).isEmpty();
        assertThat(serial.ratio()).isGreaterThan(1.0);
    }

    /** A built-in strategy component, as SCR would make it. */
    static final class Named extends BuiltInStrategies.Component {
        Named(String name) {
            super(() -> BuiltInStrategies.create(name).orElseThrow());
        }
    }
}
