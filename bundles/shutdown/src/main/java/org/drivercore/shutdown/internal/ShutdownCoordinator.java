package org.drivercore.shutdown.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.locks.ReentrantLock;

import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.LoadedMachine;
import org.drivercore.api.MachineService;
import org.drivercore.api.ShutdownMode;
import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownStrategy;
import org.drivercore.common.config.LenientConfig;
import org.drivercore.common.json.Json;
import org.drivercore.shutdown.engine.EngineOptions;
import org.drivercore.shutdown.engine.GraphSnapshot;
import org.drivercore.shutdown.engine.RealEnvironment;
import org.drivercore.shutdown.engine.RunResult;
import org.drivercore.shutdown.strategy.CompletionsStrategy;
import org.drivercore.shutdown.strategy.DagStrategy;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shutdown coordinator: runs the system shutdown, and plans and compares strategies for the commands.
 *
 * <p><b>Framework stop is a power-off.</b> This bundle has the highest start level of the container (above
 * hot-deployed bundles), so when the framework stops, the start level goes down and this bundle is the first to
 * stop: SCR deactivates this component synchronously on the bundle's STOPPING event, while every driver and bus
 * bundle is still active. {@link #deactivate()} then runs the device shutdown to its barrier, and only then does
 * the framework go on stopping the other bundles. It runs the shutdown only when the system bundle is STOPPING
 * (a framework stop or update): stopping or updating this bundle alone, or losing the registry, shuts nothing
 * down. A system shutdown runs once per framework start: after {@code dc:shutdown} (which then stops or updates
 * the framework itself) the framework stop does not run it again.
 *
 * <p>An update of the system bundle typed in the shell ({@code update 0}) is a reboot too, and its devices are
 * shut down the same way; but at that point a framework update cannot be told from a stop through the OSGi API,
 * so the drivers see {@link ShutdownMode#POWEROFF}. {@code dc:shutdown --mode reboot} gives them
 * {@link ShutdownMode#REBOOT}.
 */
@Component(service = ShutdownService.class, immediate = true, configurationPid = ShutdownCoordinator.PID)
@Designate(ocd = ShutdownCoordinator.Config.class)
public final class ShutdownCoordinator implements ShutdownService {

    static final String PID = "org.drivercore.shutdown";

    /**
     * The configuration (PID {@value ShutdownCoordinator#PID}; the distribution documents it in
     * {@code conf/org.drivercore.shutdown.cfg}). Its defaults are the named constants, which {@link Settings} also
     * falls back to when a value is bad.
     */
    @ObjectClassDefinition(name = "drivercore shutdown coordinator",
            description = "The system shutdown at framework stop (a power-off) and for dc:shutdown, and the runs of "
                    + "dc:plan and dc:compare. A bad value is logged and replaced by its default.")
    @interface Config {
        String DEFAULT_STRATEGY = DagStrategy.NAME;
        String DEFAULT_ASYNC = "as-kernel";
        int DEFAULT_POOL = 0;
        /** The limit of 256 active works that the Hayes v8 reports ran against. */
        int DEFAULT_KERNEL_POOL = 256;
        double DEFAULT_TIMESCALE = 0.1;
        long DEFAULT_DEADLINE_MS = 300_000;
        long DEFAULT_HANG_PERIOD_MS = EngineOptions.DEFAULT_HANG_PERIOD_MS;

        @AttributeDefinition(name = "Strategy", description = "The strategy of the system shutdown (framework stop) and of "
                + "dc:shutdown and dc:plan without --strategy: serial, two-pass, cookie-chain, completions, dag, or the name "
                + "of a deployed strategy. An unknown name powers off with dag.")
        String strategy() default DEFAULT_STRATEGY;

        @AttributeDefinition(name = "Async policy", description = "Which devices shut down asynchronously: as-kernel "
                + "(each strategy with the flags its own kernel generation sets: the seed the bus hooks, v8 the driver's, "
                + "v18 and dag the subsystem's), opt-in (every strategy with every flag the registry records), all (every "
                + "device with shutdown work, as core.async_shutdown= forced on every device) or off.", options = {
                    @Option(value = "as-kernel", label = "as-kernel"), @Option(value = "opt-in", label = "opt-in"),
                    @Option(value = "all", label = "all"), @Option(value = "off", label = "off") })
        String async() default DEFAULT_ASYNC;

        @AttributeDefinition(name = "Pool", description = "The worker pool of dag and of deployed strategies that do not "
                + "ask for the kernel's pool; 0 means the number of processors (dag's waits hold no thread, so that is all "
                + "it needs).", min = "0")
        int pool() default DEFAULT_POOL;

        @AttributeDefinition(name = "Kernel pool", description = "The worker pool of the kernel-emulating strategies "
                + "(serial, two-pass, cookie-chain, completions, and deployed strategies registered with "
                + "strategy.pool=kernel): the kernel's async pool, which async_schedule() queues on an unbound workqueue; "
                + "the Hayes v8 reports saw 210-253 threads for about 500 devices against a limit of 256 active works.",
                min = "1")
        int kernel_pool() default DEFAULT_KERNEL_POOL;

        @AttributeDefinition(name = "Time scale", description = "Real time per emulated time of a real-clock run (the "
                + "power-off at framework stop, dc:shutdown and dc:compare --clock real without --timescale): 0.1 makes a "
                + "4.5 s NVMe shutdown take 450 ms. Above 0 and at most 1000. Much smaller scales turn emulated "
                + "sub-millisecond waits into microseconds that JVM timers cannot keep, and emulated time then stretches.")
        double timescale() default DEFAULT_TIMESCALE;

        @AttributeDefinition(name = "System deadline (emulated ms)", description = "The system deadline of a real-clock "
                + "run, in emulated milliseconds; 0 for none. When it passes, unfinished devices are reported as timed out "
                + "and the power-off goes on, so a deadlocking strategy cannot hang the container: 300000 ms emulated is "
                + "30 s of real time at the default time scale, within the launcher's 60 s wait for the container to stop. "
                + "Virtual-clock runs need none: they end as soon as nothing can change.", min = "0")
        long deadline_ms() default DEFAULT_DEADLINE_MS;

        @AttributeDefinition(name = "Hang report period (emulated ms)", description = "When no device finished for this "
                + "long, every unfinished device is logged with what it waits for, and a wait-for cycle is named. It never "
                + "kills anything.", min = "1")
        long hang_period_ms() default DEFAULT_HANG_PERIOD_MS;
    }
    /** Framework property: a file to write the JSON report of the system shutdown to. */
    static final String REPORT_PROPERTY = "drivercore.shutdown.report";
    /**
     * A system property the launcher sets when a one-shot command has ended: the framework stop that follows is no
     * power-off (the launcher lives outside the framework, and framework properties are fixed at its start).
     */
    static final String NO_POWER_OFF_PROPERTY = "drivercore.stop.without.poweroff";
    /** How long a power-off or reboot asked by {@code dc:shutdown} waits, so that the console prints the report. */
    static final long TRANSITION_GRACE_MS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownCoordinator.class);

    private final BundleContext context;
    private final DeviceRegistry registry;
    private final StrategyRegistry strategies = new StrategyRegistry();
    private volatile Settings settings;
    /** The last shutdown, comparison or plan, for dc:report. */
    private volatile LastRun lastRun;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MachineService machines;

    /** Held while a system shutdown runs; a framework stop meanwhile waits for it. */
    private final ReentrantLock systemShutdown = new ReentrantLock();
    /** Whether the system shutdown ran (or runs) in this framework start. */
    private volatile boolean systemShutdownDone;
    /** The thread running a {@code dc:shutdown}, while it runs: a stop of this bundle interrupts it. */
    private volatile Thread commandShutdown;
    /** Set when this component is deactivated while the framework runs: no {@code dc:shutdown} may start or finish. */
    private volatile boolean deactivated;
    /** How long a stop of this bundle waits for an interrupted {@code dc:shutdown} to end. */
    static final long INTERRUPTED_SHUTDOWN_WAIT_MS = 30_000;

    @Activate
    public ShutdownCoordinator(BundleContext context, Config config,
            @Reference(name = "registry") DeviceRegistry registry) {
        this.context = context;
        this.registry = registry;
        configure(config);
    }

    @Modified
    void modified(Config config) {
        configure(config);
    }

    private void configure(Config config) {
        Settings s = Settings.from(LenientConfig.of(Config.class, config, PID, LOG::warn));
        for (String problem : s.problems()) {
            LOG.error("Configuration {}: {}", PID, problem);
        }
        settings = s;
        LOG.info("Shutdown coordinator: {}", s);
        if (BuiltInStrategies.create(s.strategy()).isEmpty() && strategies.find(s.strategy()).isEmpty()) {
            // A deployed strategy may still come (deploy/ starts later); until then, this is most likely a typo.
            LOG.warn("Configuration {}: strategy '{}' is not a known strategy (known: {}); unless a strategy of that "
                    + "name is deployed, the power-off uses {}", PID, s.strategy(),
                    String.join(", ", strategies.knownNames()), Config.DEFAULT_STRATEGY);
        }
    }

    @Reference(name = "strategy", service = ShutdownStrategy.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeStrategy")
    void addStrategy(ShutdownStrategy strategy, Map<String, Object> properties) {
        strategies.add(strategy, properties);
        LOG.info("Strategy '{}' available: {}", strategy.name(), strategy.description());
    }

    void removeStrategy(ShutdownStrategy strategy) {
        strategies.remove(strategy);
        LOG.debug("Strategy '{}' gone", strategy.name());
    }

    /**
     * The power-off hook: when the framework stops, shuts the devices down before any other bundle stops. Never
     * throws: whatever happens, the framework goes on stopping.
     */
    @Deactivate
    void deactivate() {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_ID);
        if (system == null || system.getState() != Bundle.STOPPING) {
            LOG.debug("Shutdown coordinator deactivated while the framework runs: no device is shut down");
            endCommandShutdown();
            return;
        }
        systemShutdown.lock();
        try {
            if (systemShutdownDone) {
                LOG.info("Framework stopping: the system shutdown already ran");
                return;
            }
            if (Boolean.getBoolean(NO_POWER_OFF_PROPERTY)) {
                // The launcher's one-shot query ended: the container stops, no machine is powered off.
                LOG.debug("Framework stopping after a one-shot command: no power-off ({})", NO_POWER_OFF_PROPERTY);
                return;
            }
            systemShutdownDone = true;
            Settings s = settings;
            ShutdownStrategy strategy = powerOffStrategy(s.strategy());
            runSystemShutdown("framework stop", strategy, s.poolFor(kindOf(strategy)), ShutdownMode.POWEROFF,
                    new Runs.Clocking(Clock.REAL, s.timescale(), s.deadline(), s.hangPeriod(), ShutdownMode.POWEROFF));
        } catch (RuntimeException | LinkageError e) {
            LOG.error("The device shutdown at framework stop failed; the framework goes on stopping", e);
        } finally {
            systemShutdown.unlock();
        }
    }

    /**
     * This bundle stops (or is updated) while a {@code dc:shutdown} runs: the run is interrupted, as Ctrl-C does, and
     * its end awaited, so that none of this bundle's code runs once it has stopped; nothing is powered off and probing
     * is unblocked again.
     */
    private void endCommandShutdown() {
        deactivated = true;
        Thread running = commandShutdown;
        if (running == null) {
            return;
        }
        LOG.warn("The shutdown bundle stops while dc:shutdown runs: the shutdown is interrupted, nothing is powered off");
        running.interrupt();
        try {
            if (systemShutdown.tryLock(INTERRUPTED_SHUTDOWN_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                systemShutdown.unlock();
            } else {
                LOG.error("The interrupted dc:shutdown did not end within {} ms", INTERRUPTED_SHUTDOWN_WAIT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The configured strategy, else a built-in one of that name (when this bundle stops, SCR may already have
     * disposed of its strategy components), else {@code dag}: power-off must never be skipped for want of one.
     */
    private ShutdownStrategy powerOffStrategy(String name) {
        Optional<ShutdownStrategy> s = strategies.find(name).map(StrategyRegistry.Entry::strategy)
                .or(() -> BuiltInStrategies.create(name));
        if (s.isPresent()) {
            return s.get();
        }
        LOG.warn("Configured strategy '{}' is not a known strategy (known: {}); powering off with {}", name,
                String.join(", ", strategies.knownNames()), Config.DEFAULT_STRATEGY);
        return strategies.find(Config.DEFAULT_STRATEGY).map(StrategyRegistry.Entry::strategy)
                .or(() -> BuiltInStrategies.create(Config.DEFAULT_STRATEGY))
                .orElseThrow(() -> new IllegalStateException("no strategy to power off with"));
    }

    private StrategyRegistry.Kind kindOf(ShutdownStrategy strategy) {
        return strategies.all().stream().filter(e -> e.strategy() == strategy).map(StrategyRegistry.Entry::kind).findFirst()
                .orElse(BuiltInStrategies.kind(strategy.name()));
    }

    // ---------------------------------------------------------------- ShutdownService

    @Override
    public SystemShutdown shutdown(Optional<String> strategyName, ShutdownMode mode, Clock clock, OptionalDouble timescale,
            Progress.Console progress) {
        Settings s = settings;
        StrategyRegistry.Entry entry = chosen(strategyName, s);
        Runs.Clocking clocking = clocking(clock, timescale, s, mode);
        if (!systemShutdown.tryLock()) {
            throw new IllegalStateException("a system shutdown is already running");
        }
        try {
            if (systemShutdownDone) {
                throw new IllegalStateException("the system shutdown already ran: the container is going down");
            }
            systemShutdownDone = true;
            SystemShutdown report;
            commandShutdown = Thread.currentThread();
            try {
                if (deactivated) { // read after commandShutdown is set: a stop in between sees this thread
                    throw new IllegalStateException("the shutdown bundle is stopping: no shutdown now");
                }
                report = runSystemShutdown("dc:shutdown", entry.strategy(), s.poolFor(entry.kind()), mode, clocking, progress);
                if (deactivated) {
                    // The bundle stopped as the run ended: it said nothing would be powered off, so nothing is (and
                    // its interrupt, which came too late for the run, is not left on this thread).
                    Thread.interrupted();
                    throw new java.util.concurrent.CancellationException("the shutdown bundle stopped: nothing powered off");
                }
            } catch (RuntimeException | Error e) {
                // Nothing was powered off: a later framework stop must still shut the devices down.
                systemShutdownDone = false;
                registry.unblockProbing();
                throw e;
            } finally {
                commandShutdown = null;
            }
            FrameworkTransition.start(context, mode, TRANSITION_GRACE_MS);
            return report;
        } finally {
            systemShutdown.unlock();
        }
    }

    @Override
    public String plan(PlanRequest request) {
        Settings s = settings;
        StrategyRegistry.Entry entry = chosen(request.strategy(), s);
        AsyncPolicy policy = request.async().orElse(s.async());
        Source source = source(request.generate());
        Runs.Clocking clocking = new Runs.Clocking(Clock.VIRTUAL, 1, Optional.empty(), s.hangPeriod(), ShutdownMode.POWEROFF);
        RunReport report = Analyses.plan(source.graph(), new Runs.Choice(entry.strategy(),
                request.pool().orElse(s.poolFor(entry.kind()))), policy, clocking);
        lastRun = new LastRun("plan", source.machine(), clocking, report, Trace.of(source.machine(), clocking, report));
        return request.json() ? Json.write(Trace.of(source.machine(), clocking, report))
                : PlanReport.render(source.machine(), report, policy.externalName(), source.graph());
    }

    @Override
    public Comparison compare(CompareRequest request) {
        Settings s = settings;
        Runs.Clocking clocking = clocking(request.clock(), request.timescale(), s, ShutdownMode.POWEROFF);
        AsyncPolicy policy = request.async().orElse(s.async());
        Source source = source(request.generate());
        List<StrategyRegistry.Entry> all = strategies.all();
        if (all.isEmpty()) {
            throw new IllegalStateException("no shutdown strategy is registered");
        }
        List<Runs.Choice> choices = new ArrayList<>();
        for (StrategyRegistry.Entry e : all) {
            choices.add(new Runs.Choice(e.strategy(), request.pool().orElse(s.poolFor(e.kind()))));
        }
        LOG.info("Comparing {} strategies on {} ({} devices, {})", choices.size(), source.machine(), source.graph().size(),
                clocking.describe());
        Comparison c = Analyses.compare(source.machine(), source.description(), source.graph(), choices, policy, clocking,
                request.progress().orElse(null));
        lastRun = LastRun.of(c);
        if (request.trace().isPresent()) {
            try {
                Analyses.writeTraces(request.trace().get(), c);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--trace: cannot write into " + request.trace().get() + ": " + e.getMessage(), e);
            }
        }
        return c;
    }

    @Override
    public List<String> report(Optional<Path> svg, Optional<Path> trace, Optional<Path> json) {
        if (svg.isEmpty() && trace.isEmpty() && json.isEmpty()) {
            throw new IllegalArgumentException("report: say what to write: --svg FILE, --trace FILE or --json FILE");
        }
        LastRun last = lastRun;
        if (last == null) {
            throw new IllegalStateException("report: nothing to report yet: run dc:compare, dc:plan or dc:shutdown first, "
                    + "in the same shell session (a one-shot command starts a fresh container; demo writes these files)");
        }
        try {
            return last.write(svg, trace, json);
        } catch (IOException e) {
            throw new IllegalArgumentException("report: cannot write: " + e.getMessage(), e);
        }
    }

    @Override
    public Advice.Result advise() {
        Settings s = settings;
        StrategyRegistry.Entry v18 = strategies.require("advise", CompletionsStrategy.NAME);
        StrategyRegistry.Entry dag = strategies.require("advise", DagStrategy.NAME);
        Source source = source(Optional.empty());
        Runs.Clocking clocking = new Runs.Clocking(Clock.VIRTUAL, 1, Optional.empty(), s.hangPeriod(), ShutdownMode.POWEROFF);
        return new Advice(source.graph(), new Runs.Choice(v18.strategy(), s.poolFor(v18.kind())),
                new Runs.Choice(dag.strategy(), s.poolFor(dag.kind())), clocking).advise(source.machine());
    }

    @Override
    public CriticalPathReport.Result criticalPath(Optional<String> strategy) {
        Settings s = settings;
        StrategyRegistry.Entry entry = chosen(strategy, s);
        Source source = source(Optional.empty());
        Runs.Clocking clocking = new Runs.Clocking(Clock.VIRTUAL, 1, Optional.empty(), s.hangPeriod(), ShutdownMode.POWEROFF);
        Runs.StrategyRun run = Runs.run(source.graph(), new Runs.Choice(entry.strategy(), s.poolFor(entry.kind())),
                s.async(), clocking);
        long[] durations = Runs.durations(source.graph(), List.of(run.result()), clocking);
        return CriticalPathReport.of(source.machine(), RunReport.of(run, durations), durations);
    }

    /** Where a plan or a comparison takes its graph from: the registry, or the generator. */
    private record Source(String machine, String description, ShutdownGraph graph) {
    }

    private Source source(Optional<String> generate) {
        if (generate.isPresent()) {
            ShutdownGraph g = Generated.graph(generate.get());
            return new Source(g.name(), "generated: " + generate.get().trim(), g);
        }
        String machine = machineName();
        return new Source(machine, "registry", GraphSnapshot.take(machine, registry));
    }

    // ---------------------------------------------------------------- the system shutdown

    private SystemShutdown runSystemShutdown(String trigger, ShutdownStrategy strategy, int pool, ShutdownMode mode,
            Runs.Clocking clocking) {
        return runSystemShutdown(trigger, strategy, pool, mode, clocking, null);
    }

    private SystemShutdown runSystemShutdown(String trigger, ShutdownStrategy strategy, int pool, ShutdownMode mode,
            Runs.Clocking clocking, Progress.Console progress) {
        Settings s = settings;
        LOG.info("System shutdown ({}, {}): strategy {}, pool {}, {}; blocking probing", trigger, Modes.externalName(mode),
                strategy.name(), pool, clocking.describe());
        registry.blockProbing();
        String machine = machineName();
        ShutdownGraph graph = GraphSnapshot.take(machine, registry);
        ShutdownGraph observed = Progress.observe(graph, strategy.name(), progress);
        long started = System.nanoTime();
        Runs.StrategyRun strategyRun = Runs.run(observed, new Runs.Choice(strategy, pool), s.async(), clocking);
        long ended = System.nanoTime();
        RunResult run = strategyRun.result();
        RunReport report = RunReport.of(strategyRun, Runs.durations(graph, List.of(run), clocking));
        SystemShutdown result = new SystemShutdown(trigger, machine, graph.size(), mode, clocking, report, started, ended);
        lastRun = new LastRun("shutdown", machine, clocking, report, result.toJson());
        if (report.violations().isEmpty() && !run.deadlock()) {
            LOG.info("System shutdown ({}): {} devices done in {} emulated ({} real), barrier released; {}", strategy.name(),
                    graph.size(), RunReport.secondsText(run.makespanNanos(), 3), RunReport.secondsText(ended - started, 3),
                    report.outcomesText());
        } else {
            LOG.warn("System shutdown ({}): {} devices in {} emulated, {}{}; {}", strategy.name(),
                    graph.size(), RunReport.secondsText(run.makespanNanos(), 3),
                    org.drivercore.common.text.Plural.of(report.violations().size(), "ordering violation"),
                    run.deadlock() ? ", deadlock" : "", report.outcomesText());
        }
        writeReport(result);
        return result;
    }

    private void writeReport(SystemShutdown result) {
        String file = context.getProperty(REPORT_PROPERTY);
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            Json.write(result.toJson(), Path.of(file.trim()));
            LOG.info("Shutdown report written to {}", file);
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot write the shutdown report to {} ({}): {}", file, REPORT_PROPERTY, e.toString());
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The strategy asked for with {@code --strategy}, else the configured one; a usage error names the unknown one. */
    private StrategyRegistry.Entry chosen(Optional<String> strategyName, Settings s) {
        return strategyName.map(n -> strategies.require("--strategy", n))
                .orElseGet(() -> strategies.require("strategy (configuration " + PID + ")", s.strategy()));
    }

    private static Runs.Clocking clocking(Clock clock, OptionalDouble timescale, Settings s, ShutdownMode mode) {
        if (timescale.isPresent() && clock != Clock.REAL) {
            throw new IllegalArgumentException("--timescale: applies to the real clock only (add --clock real)");
        }
        double scale = timescale.orElse(s.timescale());
        if (!RealEnvironment.validScale(scale)) {
            throw new IllegalArgumentException("--timescale: " + RealEnvironment.scaleProblem(scale));
        }
        return new Runs.Clocking(clock, scale, s.deadline(), s.hangPeriod(), mode);
    }

    private String machineName() {
        MachineService m = machines;
        return m == null ? "registry" : m.current().map(LoadedMachine::name).orElse("registry");
    }
}
