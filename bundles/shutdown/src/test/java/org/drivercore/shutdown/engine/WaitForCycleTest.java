package org.drivercore.shutdown.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class WaitForCycleTest {

    private static Set<Integer> on(Integer... nodes) {
        return new LinkedHashSet<>(List.of(nodes));
    }

    @Test
    void noCycleInAChainOrADiamond() {
        assertThat(WaitForCycle.find(Map.of())).isEmpty();
        assertThat(WaitForCycle.find(Map.of(1, on(2), 2, on(3)))).isEmpty();
        assertThat(WaitForCycle.find(Map.of(1, on(2, 3), 2, on(4), 3, on(4)))).isEmpty();
    }

    @Test
    void aCycleIsNamedFromItsFirstNodeWithThatNodeRepeatedLast() {
        assertThat(WaitForCycle.find(Map.of(5, on(7), 7, on(5)))).containsExactly(5, 7, 5);
        // A lead-in to the cycle is not part of it.
        assertThat(WaitForCycle.find(Map.of(1, on(2), 2, on(3), 3, on(4), 4, on(2)))).containsExactly(2, 3, 4, 2);
    }

    @Test
    void aProgramWaitingOnItsOwnNodeIsACycleOfOne() {
        assertThat(WaitForCycle.find(Map.of(3, on(3)))).containsExactly(3, 3);
    }

    @Test
    void theSameGraphAlwaysGivesTheSameCycle() {
        Map<Integer, Set<Integer>> twoCycles = Map.of(9, on(8), 8, on(9), 2, on(1), 1, on(2));
        assertThat(WaitForCycle.find(twoCycles)).containsExactly(1, 2, 1);
    }
}
