package org.drivercore.shutdown.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.drivercore.common.json.Json;
import org.drivercore.shutdown.engine.CriticalPath;

/**
 * The last shutdown, comparison or plan of a session, kept so that {@code dc:report} can write its pictures: the run
 * drawn ({@code dag}'s in a comparison, the one strategy's otherwise) and the JSON document of the whole.
 *
 * @param what    "shutdown", "compare" or "plan"
 * @param run     the run the timeline and the trace show
 * @param summary the document {@code --json} printed (a comparison's, a shutdown's report, a plan's trace)
 */
record LastRun(String what, String machine, Runs.Clocking clocking, RunReport run, Map<String, Object> summary) {

    static LastRun of(Comparison c) {
        RunReport shown = c.runs().stream().filter(r -> r.name().equals(org.drivercore.shutdown.strategy.DagStrategy.NAME))
                .findFirst().orElse(c.runs().get(c.runs().size() - 1));
        return new LastRun("compare", c.machine(), c.clocking(), shown, c.toJson());
    }

    /** Writes the files asked for; returns one line per file written. */
    List<String> write(Optional<Path> svg, Optional<Path> trace, Optional<Path> json) throws IOException {
        List<String> written = new ArrayList<>();
        if (svg.isPresent()) {
            Files.writeString(svg.get(), TimelineSvg.render(machine, run, CriticalPath.durations(run.run())));
            written.add("timeline of " + run.name() + " (" + what + ") written to " + svg.get());
        }
        if (trace.isPresent()) {
            Json.write(PerfettoTrace.of(machine, clocking, run), trace.get());
            written.add("trace of " + run.name() + " (" + what + ", Chrome trace events for Perfetto) written to " + trace.get());
        }
        if (json.isPresent()) {
            Json.write(summary, json.get());
            written.add(what + " summary written to " + json.get());
        }
        return written;
    }
}
