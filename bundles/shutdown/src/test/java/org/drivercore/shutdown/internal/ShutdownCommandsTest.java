package org.drivercore.shutdown.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.drivercore.api.ShutdownMode;
import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The commands as Gogo parses them, over a stand-in service. */
class ShutdownCommandsTest {

    /** Records what the commands asked for; compares throwaway strategies on the small graph. */
    static final class FakeService implements ShutdownService {
        final List<Object> calls = new ArrayList<>();

        @Override
        public String plan(PlanRequest request) {
            calls.add(request);
            return "plan";
        }

        @Override
        public SystemShutdown shutdown(Optional<String> strategy, ShutdownMode mode, Clock clock, OptionalDouble timescale,
                Progress.Console progress) {
            calls.add("shutdown " + strategy.orElse("(configured)") + " " + mode + " " + clock + " " + timescale);
            ShutdownGraph g = Graphs.small();
            Runs.Clocking c = new Runs.Clocking(clock, timescale.orElse(0.01), Optional.empty(), Duration.ofSeconds(15), mode);
            RunReport r = Runs.compare(g, List.of(new Runs.Choice(Graphs.dag(), 2)), AsyncPolicy.AS_KERNEL, c).reports().get(0);
            return new SystemShutdown("dc:shutdown", "small", g.size(), mode, c, r, 0, 1);
        }

        @Override
        public Advice.Result advise() {
            calls.add("advise");
            Runs.Clocking c = new Runs.Clocking(Clock.VIRTUAL, 1, Optional.empty(), Duration.ofSeconds(15), ShutdownMode.POWEROFF);
            return new Advice(Graphs.small(), new Runs.Choice(new org.drivercore.shutdown.strategy.CompletionsStrategy(), 256),
                    new Runs.Choice(Graphs.dag(), 2), c).advise("small");
        }

        @Override
        public CriticalPathReport.Result criticalPath(Optional<String> strategy) {
            calls.add("critical-path " + strategy.orElse("(configured)"));
            ShutdownGraph g = Graphs.small();
            Runs.Clocking c = new Runs.Clocking(Clock.VIRTUAL, 1, Optional.empty(), Duration.ofSeconds(15), ShutdownMode.POWEROFF);
            Runs.StrategyRun run = Runs.run(g, new Runs.Choice(Graphs.dag(), 2), AsyncPolicy.AS_KERNEL, c);
            long[] durations = Runs.durations(g, List.of(run.result()), c);
            return CriticalPathReport.of("small", RunReport.of(run, durations), durations);
        }

        @Override
        public List<String> report(Optional<java.nio.file.Path> svg, Optional<java.nio.file.Path> trace,
                Optional<java.nio.file.Path> json) {
            calls.add("report " + svg + " " + trace + " " + json);
            return List.of("written");
        }

        @Override
        public Comparison compare(CompareRequest request) {
            calls.add(request);
            ShutdownGraph g = Graphs.small();
            Runs.Clocking c = new Runs.Clocking(request.clock(), request.timescale().orElse(0.01), Optional.empty(),
                    Duration.ofSeconds(15), ShutdownMode.POWEROFF);
            AsyncPolicy policy = request.async().orElse(AsyncPolicy.AS_KERNEL);
            return Analyses.compare("small", "registry", g, List.of(new Runs.Choice(Graphs.serial(), request.pool().orElse(256)),
                    new Runs.Choice(Graphs.dag(), request.pool().orElse(2))), policy, c);
        }
    }

    private final FakeService service = new FakeService();
    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    private CommandSession session;

    @BeforeEach
    void session() {
        threadIO.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIO);
        processor.addCommand("dc", new ShutdownCommands(service));
        processor.addCommand("dc", new CriticalPathCommand(service), "critical-path");
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
    }

    @AfterEach
    void close() {
        session.close();
        threadIO.stop();
    }

    private Object run(String line) throws Exception {
        return session.execute(line);
    }

    @Test
    void compareJsonIsOneDocumentWithEveryStrategy() throws Exception {
        String out = (String) run("dc:compare --json");

        JsonNode doc = new ObjectMapper().readTree(out);
        assertThat(doc.get("machine").asText()).isEqualTo("small");
        assertThat(doc.get("devices").asInt()).isEqualTo(4);
        assertThat(doc.get("criticalPathMs").asDouble()).isEqualTo(103.0);
        assertThat(doc.get("allAsyncCriticalPathMs").asDouble()).isEqualTo(102.0);
        assertThat(doc.get("lowerBoundMs").asDouble()).isEqualTo(103.0);
        assertThat(doc.get("strategies")).hasSize(2);
        JsonNode serial = doc.get("strategies").get(0);
        assertThat(serial.get("flags")).isEmpty();
        assertThat(serial.get("criticalPathMs").asDouble()).isEqualTo(153.0);
        JsonNode dag = doc.get("strategies").get(1);
        assertThat(dag.get("name").asText()).isEqualTo("dag");
        assertThat(dag.get("flags").get(0).asText()).isEqualTo("subsystem");
        assertThat(dag.get("ratioToCriticalPath").asDouble()).isEqualTo(1.0);
        assertThat(dag.get("ratioToLowerBound").asDouble()).isEqualTo(1.0);
        assertThat(dag.get("orderingViolations").asInt()).isZero();
        assertThat(dag.get("deadlock").asBoolean()).isFalse();
        assertThat(dag.get("outcomes").get("done").asInt()).isEqualTo(4);
        assertThat(dag.get("outcomes").has("timedOut")).isTrue();
        assertThat(service.calls).singleElement().isEqualTo(new ShutdownService.CompareRequest(Clock.VIRTUAL,
                OptionalDouble.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()));
    }

    /** Graphs.small's bound: nvme0 (100 ms), then its supplier the platform device (2 ms), then the root (1 ms). */
    @Test
    void criticalPathListsTheChainFirstToLastWithWhyEachWaits() throws Exception {
        String out = (String) run("dc:critical-path --strategy dag");

        assertThat(out).startsWith("critical path of dag (flags subsystem (v18)) on machine small: 0.103000 s emulated, "
                + "3 devices, first to last");
        assertThat(out.lines().skip(2).toList()).satisfiesExactly(
                l -> assertThat(l).contains("0.000000 s").contains("0.100000 s").contains("/devices/pci0/nvme0").endsWith("-"),
                l -> assertThat(l).contains("0.100000 s").contains("0.002000 s").contains("/devices/platform/bmc")
                        .endsWith("its consumer"),
                l -> assertThat(l).contains("0.102000 s").contains("0.001000 s").contains("/devices/pci0")
                        .endsWith("the sync device before it"));
        assertThat(service.calls).containsExactly("critical-path dag");
        assertThatThrownBy(() -> run("dc:critical-path --jsn")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("critical-path: unknown option '--jsn' (usage: critical-path [--strategy STRATEGY] [--json])");
    }

    /** Graphs.small: the root (1 ms) and the platform device (2 ms) are sync; the NVMe functions async. */
    @Test
    void adviseRanksOptInsAndLatencyCutsInSeconds() throws Exception {
        String out = (String) run("dc:advise --top 1");

        assertThat(out).contains("advice for machine small (4 devices): shutdown now 0.103000 s under v18 (completions), "
                + "0.103000 s under dag").contains("RANK  DRIVER OR DEVICE").contains("1     drv               2        0.001000 s");
        JsonNode doc = new ObjectMapper().readTree((String) run("dc:advise --json"));
        // Every device has the driver "drv": opting it in makes the two sync devices async, cutting it empties the run.
        assertThat(doc.get("optIns")).hasSize(1);
        assertThat(doc.get("optIns").get(0).get("who").asText()).isEqualTo("drv");
        assertThat(doc.get("latencyCuts").get(0).get("dagAfterS").asDouble()).isZero();
        assertThatThrownBy(() -> run("dc:advise --top none")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--top: 'none' is not a whole number of candidates from 1 up");
    }

    @Test
    void compareTakesItsOptions() throws Exception {
        String out = (String) run("dc:compare --clock real --timescale 0.001 --pool 4 --async all");

        assertThat(out).contains("STRATEGY").contains("RATIO").contains("serial").contains("dag").contains("real clock");
        ShutdownService.CompareRequest r = (ShutdownService.CompareRequest) service.calls.get(0);
        assertThat(r.clock()).isEqualTo(Clock.REAL);
        assertThat(r.timescale()).hasValue(0.001);
        assertThat(r.pool()).hasValue(4);
        assertThat(r.async()).hasValue(AsyncPolicy.ALL);
    }

    @Test
    void compareWritesTracesWhereAsked() throws Exception {
        run("dc:compare --trace /tmp/traces --async off");

        ShutdownService.CompareRequest r = (ShutdownService.CompareRequest) service.calls.get(0);
        assertThat(r.trace()).hasValue(java.nio.file.Path.of("/tmp/traces"));
        assertThat(r.async()).hasValue(AsyncPolicy.OFF);
    }

    @Test
    void shutdownAndPlanPassTheirOptions() throws Exception {
        String out = (String) run("dc:shutdown --strategy dag --mode reboot --clock virtual");
        run("dc:plan --strategy serial");
        run("dc:plan");
        run("dc:plan --pool 3 --async all --generate devices=20,seed=1 --json");

        assertThat(out).contains("shutdown (dag, reboot, virtual clock)").contains("rebooting");
        assertThat(service.calls).containsExactly("shutdown dag REBOOT VIRTUAL OptionalDouble.empty",
                new ShutdownService.PlanRequest(Optional.of("serial"), OptionalInt.empty(), Optional.empty(), Optional.empty(),
                        false),
                new ShutdownService.PlanRequest(Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(), false),
                new ShutdownService.PlanRequest(Optional.empty(), OptionalInt.of(3), Optional.of(AsyncPolicy.ALL),
                        Optional.of("devices=20,seed=1"), true));
    }

    @Test
    void rebootAndHaltAreShorthandsForTheMode() throws Exception {
        run("dc:shutdown --reboot --clock virtual");
        run("dc:shutdown --halt --clock virtual");
        run("dc:shutdown --clock virtual");

        assertThat(service.calls).containsExactly("shutdown (configured) REBOOT VIRTUAL OptionalDouble.empty",
                "shutdown (configured) HALT VIRTUAL OptionalDouble.empty",
                "shutdown (configured) POWEROFF VIRTUAL OptionalDouble.empty");
    }

    @Test
    void twoModesAreAUsageErrorAndShutNothingDown() {
        assertThatThrownBy(() -> run("dc:shutdown --reboot --halt")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--reboot and --halt").hasMessageContaining("give one");
        assertThatThrownBy(() -> run("dc:shutdown --mode reboot --reboot")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--mode reboot and --reboot");
        assertThat(service.calls).isEmpty();
    }

    @Test
    void usageErrorsNameTheArgument() {
        assertThatThrownBy(() -> run("dc:shutdown --mode sleep")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--mode").hasMessageContaining("poweroff, reboot, halt or kexec");
        assertThatThrownBy(() -> run("dc:shutdown --clock wall")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--clock");
        assertThatThrownBy(() -> run("dc:compare --timescale fast")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--timescale").hasMessageContaining("not a number");
        assertThatThrownBy(() -> run("dc:compare --timescale 0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--timescale");
        assertThatThrownBy(() -> run("dc:compare --pool 0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--pool");
        assertThatThrownBy(() -> run("dc:compare --pool many")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--pool");
        assertThatThrownBy(() -> run("dc:compare --async some")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--async").hasMessageContaining("as-kernel, opt-in, all or off");
        assertThatThrownBy(() -> run("dc:compare --strategy dag")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("compare: unknown option '--strategy' (usage: compare [--clock");
        assertThatThrownBy(() -> run("dc:shutdown now")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("shutdown: unexpected argument 'now'");
        assertThatThrownBy(() -> run("dc:plan --trace x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("plan: unknown option '--trace'");
        assertThatThrownBy(() -> run("dc:plan --pool none")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--pool");
    }
}
