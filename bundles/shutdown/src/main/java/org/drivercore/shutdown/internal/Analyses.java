package org.drivercore.shutdown.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.common.json.Json;
import org.drivercore.shutdown.engine.CriticalPath;
import org.drivercore.shutdown.engine.GraphSnapshot;
import org.drivercore.shutdown.engine.ListOrders;
import org.drivercore.shutdown.engine.OrderingChecker;
import org.drivercore.shutdown.strategy.DagStrategy;

/**
 * What {@code dc:plan} and {@code dc:compare} compute on a snapshot, apart from where the snapshot comes from: each
 * strategy on its own view, measured against the critical path of its flags, checked by the independent ordering
 * checker, and, on the virtual clock, tried on the same graph with its list reversed. Plain Java.
 */
final class Analyses {

    private Analyses() {
    }

    static Comparison compare(String machine, String source, ShutdownGraph snapshot, List<Runs.Choice> choices,
            AsyncPolicy policy, Runs.Clocking clocking) {
        return compare(machine, source, snapshot, choices, policy, clocking, null);
    }

    /** The same, each run's progress shown on the console (null: none). */
    static Comparison compare(String machine, String source, ShutdownGraph snapshot, List<Runs.Choice> choices,
            AsyncPolicy policy, Runs.Clocking clocking, Progress.Console progress) {
        Runs.Compared compared = Runs.compare(snapshot, choices, policy, clocking, progress);
        long criticalPath = CriticalPath.underOrdering(
                GraphSnapshot.ordering(snapshot, new DagStrategy().asyncFlags(), policy), compared.durations());
        long allAsync = CriticalPath.allAsync(snapshot, compared.durations());
        Map<String, Comparison.Robustness> reversed = new LinkedHashMap<>();
        if (clocking.clock() == Clock.VIRTUAL) {
            ShutdownGraph backwards = ListOrders.reversed(snapshot);
            for (Runs.Choice c : choices) {
                Runs.StrategyRun r = Runs.run(backwards, c, policy, clocking);
                reversed.put(c.strategy().name(), new Comparison.Robustness(
                        OrderingChecker.check(r.ordering(), r.result()).size(), r.result().deadlock()));
            }
        }
        return new Comparison(machine, source, snapshot.size(), policy, criticalPath, allAsync, clocking,
                compared.reports(), reversed);
    }

    /** One strategy on the virtual clock, measured (a deadlocked run against the bound of its graph). */
    static RunReport plan(ShutdownGraph snapshot, Runs.Choice choice, AsyncPolicy policy, Runs.Clocking clocking) {
        Runs.StrategyRun r = Runs.run(snapshot, choice, policy, clocking.virtual());
        return RunReport.of(r, Runs.durations(snapshot, List.of(r.result()), clocking));
    }

    /** {@code compare --trace DIR}: one trace per strategy, {@code DIR/STRATEGY.json}. */
    static List<Path> writeTraces(Path dir, Comparison c) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--trace: " + dir + " is a file, not a directory");
        }
        Files.createDirectories(dir);
        List<Path> written = new java.util.ArrayList<>();
        for (RunReport r : c.runs()) {
            Path file = dir.resolve(r.name().replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
            Json.write(Trace.of(c.machine(), c.clocking(), r), file);
            written.add(file);
        }
        return written;
    }
}
