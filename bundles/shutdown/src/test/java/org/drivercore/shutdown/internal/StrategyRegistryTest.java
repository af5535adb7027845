package org.drivercore.shutdown.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.drivercore.api.shutdown.ShutdownStrategy;
import org.junit.jupiter.api.Test;

class StrategyRegistryTest {

    @Test
    void builtInsComeFirstInTheirOrderThenOthersByName() {
        StrategyRegistry r = new StrategyRegistry();
        r.add(Graphs.forward(), Map.of("service.id", 3L));
        r.add(Graphs.dag(), Map.of("service.id", 2L));
        r.add(Graphs.serial(), Map.of("service.id", 1L, "strategy.pool", "kernel"));

        assertThat(r.names()).containsExactly("serial", "dag", "forward");
        assertThat(r.find("serial")).get().extracting(StrategyRegistry.Entry::kind).isEqualTo(StrategyRegistry.Kind.KERNEL);
        assertThat(r.find("dag")).get().extracting(StrategyRegistry.Entry::kind).isEqualTo(StrategyRegistry.Kind.CPU);
    }

    @Test
    void theHighestRankingWinsASharedName() {
        StrategyRegistry r = new StrategyRegistry();
        ShutdownStrategy first = Graphs.dag();
        ShutdownStrategy ranked = Graphs.dag();
        r.add(first, Map.of("service.id", 1L));
        r.add(ranked, Map.of("service.id", 2L, "service.ranking", 10));

        assertThat(r.find("dag")).get().extracting(StrategyRegistry.Entry::strategy).isSameAs(ranked);
        assertThat(r.all()).hasSize(1);
        r.remove(ranked);
        assertThat(r.find("dag")).get().extracting(StrategyRegistry.Entry::strategy).isSameAs(first);
    }

    @Test
    void anUnknownNameIsAUsageErrorListingTheKnownOnes() {
        StrategyRegistry r = new StrategyRegistry();
        r.add(Graphs.dag(), Map.of());
        r.add(Graphs.serial(), Map.of());

        assertThatThrownBy(() -> r.require("--strategy", "v9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--strategy: strategy 'v9' is unknown (known: serial, dag)");
    }
}
