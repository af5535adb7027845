package org.drivercore.shutdown.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.drivercore.api.ShutdownMode;
import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.api.shutdown.AsyncSource;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.shutdown.engine.EngineOptions;
import org.drivercore.shutdown.engine.GraphSnapshot;
import org.drivercore.shutdown.engine.ShutdownEngine;
import org.drivercore.shutdown.strategy.CompletionsStrategy;
import org.drivercore.shutdown.strategy.DagStrategy;
import org.junit.jupiter.api.Test;

/** {@code dc:advise}: each gain is what a run with that one change measures, ranked. */
class AdviceTest {

    private static final Runs.Clocking VIRTUAL = new Runs.Clocking(Clock.VIRTUAL, 1, Optional.empty(), Duration.ofSeconds(15),
            ShutdownMode.POWEROFF);

    /**
     * Three sync devices of driver "slow" (1 s each), one sync device of "mid" (0.5 s), one v18-async NVMe (2 s); no
     * dependencies. Under v18 the sync ones go one at a time: 3.5 s. With "slow" opted in: the slow ones in parallel
     * with the NVMe, "mid" alone: 2 s.
     */
    private static ShutdownGraph machine(Set<Integer> optedIn) {
        List<ShutdownNode.Builder> nodes = new ArrayList<>();
        String[] drivers = {"slow", "slow", "slow", "mid", "nvme"};
        long[] ms = {1000, 1000, 1000, 500, 2000};
        for (int i = 0; i < drivers.length; i++) {
            boolean async = drivers[i].equals("nvme") || optedIn.contains(i);
            Duration d = Duration.ofMillis(ms[i]);
            nodes.add(ShutdownNode.builder(i, "/devices/d" + i).driver(drivers[i])
                    .asyncFlags(async ? Set.of(AsyncSource.SUBSYSTEM) : Set.of()).callback(ctx -> ctx.sleep(d)));
        }
        return new ShutdownGraph("advice", nodes);
    }

    private static Advice.Result advise(ShutdownGraph g) {
        return new Advice(g, new Runs.Choice(new CompletionsStrategy(), 256), new Runs.Choice(new DagStrategy(), 2), VIRTUAL)
                .advise("advice");
    }

    @Test
    void opInsAreRankedByWhatARerunMeasures() {
        Advice.Result r = advise(machine(Set.of()));

        assertThat(r.v18Makespan()).isEqualTo(3_500_000_000L);
        assertThat(r.dagMakespan()).isEqualTo(3_500_000_000L);
        assertThat(r.optIns()).extracting(Advice.Gain::who).containsExactly("slow", "mid");
        Advice.Gain best = r.optIns().get(0);
        assertThat(best.devices()).isEqualTo(3);
        assertThat(best.v18()).isEqualTo(1_500_000_000L);
        assertThat(best.dag()).isEqualTo(1_500_000_000L);

        // The rerun, made here by hand: the slow devices flagged by their subsystem, as dev_set_async_shutdown() does.
        ShutdownGraph opted = machine(Set.of(0, 1, 2));
        long v18After = ShutdownEngine.runVirtual(GraphSnapshot.view(opted, new CompletionsStrategy(), AsyncPolicy.AS_KERNEL),
                new CompletionsStrategy(), EngineOptions.of(256)).makespanNanos();
        long dagAfter = ShutdownEngine.runVirtual(GraphSnapshot.view(opted, new DagStrategy(), AsyncPolicy.AS_KERNEL),
                new DagStrategy(), EngineOptions.of(2)).makespanNanos();
        assertThat(best.v18After()).isEqualTo(v18After).isEqualTo(2_000_000_000L);
        assertThat(best.dagAfter()).isEqualTo(dagAfter);
    }

    @Test
    void latencyCutsAreRankedAndAnAsyncDriverThatIsNotOnThePathGainsNothing() {
        Advice.Result r = advise(machine(Set.of()));

        assertThat(r.latencyCuts()).extracting(Advice.Gain::who).containsExactly("slow", "mid", "nvme");
        assertThat(r.latencyCuts()).extracting(Advice.Gain::dag).containsExactly(1_500_000_000L, 500_000_000L, 0L);
        // The NVMe is async already: it is no opt-in candidate.
        assertThat(r.optIns()).extracting(Advice.Gain::who).doesNotContain("nvme");
    }

    @Test
    void theReportGivesSecondsWithTheirUnit() {
        String text = AdviceReport.text(advise(machine(Set.of())), 1);

        assertThat(text).contains("shutdown now 3.500000 s under v18 (completions), 3.500000 s under dag")
                .contains("1     slow").contains("1.500000 s").contains("(3 more candidates: --top N shows more");
    }
}
