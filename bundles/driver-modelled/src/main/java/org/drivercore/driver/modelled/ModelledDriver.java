package org.drivercore.driver.modelled;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.Driver;
import org.drivercore.api.EnumNames;
import org.drivercore.api.InitcallLevel;
import org.drivercore.api.ModelledProfile;
import org.drivercore.api.ModelledProfile.AsyncOptIn;
import org.drivercore.api.ModelledProfile.WaitMode;
import org.drivercore.api.ProbeContext;
import org.drivercore.api.ProbeResult;
import org.drivercore.api.ProbeType;
import org.drivercore.api.ShutdownContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A driver whose behaviour comes from a latency profile: one instance per factory configuration of
 * {@value ModelledProfile#FACTORY_PID} (one per driver name). It binds the devices that record its name as their driver, so
 * any machine can be fully bound, and on probe creates the devices recorded as created by the driver.
 *
 * <p>{@code shutdown=none} means the driver has no shutdown callback (many Linux drivers have none).
 * Otherwise shutdown waits through the context: {@code wait.mode=sleep} sleeps the sampled latency;
 * {@code wait.mode=poll} polls a status every {@code poll.interval.ms} as nvme polls CSTS.SHST, and gives up
 * after {@code timeout.ms} ("Device not ready; aborting shutdown"), as nvme does after
 * {@code shutdown_timeout}.
 */
@Component(service = Driver.class, configurationPid = ModelledProfile.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = "service.ranking:Integer=" + ModelledProfile.FALLBACK_RANKING)
@Designate(ocd = ModelledDriver.Config.class, factory = true)
public final class ModelledDriver implements Driver {

    private static final Logger LOG = LoggerFactory.getLogger(ModelledDriver.class);

    /**
     * A profile, as Config Admin gives it: one factory configuration of {@value ModelledProfile#FACTORY_PID} per
     * driver name, written by the machine loader. Its keys, defaults and checks are {@link ModelledProfile}'s.
     */
    @ObjectClassDefinition(name = "drivercore modelled driver", description = "A driver whose probe creates the devices "
            + "a machine file records as created by it, and whose shutdown takes a modelled time.")
    public @interface Config {
        @AttributeDefinition(name = "Driver name", description = "The driver's name, unique on its bus.")
        String driver_name();

        @AttributeDefinition(name = "Bus", description = "The bus the driver serves (pci, usb, scsi, platform...).")
        String bus();

        @AttributeDefinition(name = "Async opt-in", description = "none (sync), driver (driver-wide, as Hayes v8's "
                + "async_shutdown_enable and the seed's bus hooks), device (set in probe, per device) or driver,device "
                + "(both).",
                options = { @Option(value = "none", label = "none"), @Option(value = "driver", label = "driver"),
                    @Option(value = "device", label = "device"), @Option(value = "driver,device", label = "driver,device") })
        String async() default ModelledProfile.DEFAULT_ASYNC;

        @AttributeDefinition(name = "Shutdown latency", description = "A latency model (fixed(4500ms), uniform(1ms, "
                + "5ms), lognormal(median=4500ms, sigma=0.2)), or none for a driver without a shutdown callback.")
        String shutdown() default ModelledProfile.DEFAULT_SHUTDOWN;

        @AttributeDefinition(name = "Seed", description = "The seed of the latency samples.")
        long seed() default 0;

        @AttributeDefinition(name = "Id table", description = "MODALIAS globs, compatibles or names this driver matches.")
        String[] ids() default {};

        @AttributeDefinition(name = "Wait mode", description = "sleep (one sleep of the latency) or poll (poll a status "
                + "every interval until the latency passed, giving up at the timeout, as nvme polls CSTS.SHST).",
                options = { @Option(value = "sleep", label = "sleep"), @Option(value = "poll", label = "poll") })
        String wait_mode() default ModelledProfile.DEFAULT_WAIT_MODE;

        @AttributeDefinition(name = "Poll interval (ms)", min = "1")
        long poll_interval_ms() default ModelledProfile.DEFAULT_POLL_INTERVAL_MS;

        @AttributeDefinition(name = "Poll timeout (ms)", description = "When a polling shutdown gives up (\"Device not "
                + "ready; aborting shutdown\").", min = "1")
        long timeout_ms() default ModelledProfile.DEFAULT_TIMEOUT_MS;

        @AttributeDefinition(name = "Probe type", description = "default (synchronous), prefer-asynchronous (probed "
                + "from async work, as nvme and sd: what the probe creates lands behind everything probed synchronously "
                + "meanwhile) or force-synchronous.", options = { @Option(value = "default", label = "default"),
                    @Option(value = "prefer-asynchronous", label = "prefer-asynchronous"),
                    @Option(value = "force-synchronous", label = "force-synchronous") })
        String probe() default ModelledProfile.DEFAULT_PROBE;

        @AttributeDefinition(name = "Initcall level", description = "When the driver registers during a boot: "
                + "device for a built-in module_init() driver; subsys for drivers registered by their subsystem's "
                + "init (usb's hub and generic drivers); late registers after the async probes.",
                options = { @Option(value = "pure", label = "pure"), @Option(value = "core", label = "core"), @Option(value = "postcore", label = "postcore"), @Option(value = "arch", label = "arch"), @Option(value = "subsys", label = "subsys"), @Option(value = "fs", label = "fs"), @Option(value = "rootfs", label = "rootfs"), @Option(value = "device", label = "device"), @Option(value = "late", label = "late") })
        String initcall() default ModelledProfile.DEFAULT_INITCALL;

        @AttributeDefinition(name = "Source", description = "Where the figures come from.", required = false)
        String source() default "";

        @AttributeDefinition(name = "Machine", description = "The machine whose file gave the profile.", required = false)
        String machine() default "";
    }

    private final ModelledProfile profile;
    /**
     * False once SCR deactivated this driver (its profile deleted, its bundle stopping): the registry must not call it
     * any more, and a call that still came would run the code of a stopped bundle. It fails, so that a trace shows it.
     */
    private volatile boolean active = true;

    @Activate
    public ModelledDriver(Config config) {
        this.profile = new ModelledProfile(config.driver_name(), config.bus(),
                AsyncOptIn.parse(ModelledProfile.ASYNC, config.async()), ModelledProfile.parseShutdown(config.shutdown()),
                config.seed(), EnumNames.parse(WaitMode.class, ModelledProfile.WAIT_MODE, config.wait_mode()),
                Duration.ofMillis(config.poll_interval_ms()), Duration.ofMillis(config.timeout_ms()), List.of(config.ids()),
                config.source(), EnumNames.parse(ProbeType.class, ModelledProfile.PROBE, config.probe()),
                EnumNames.parse(InitcallLevel.class, ModelledProfile.INITCALL, config.initcall()));
        LOG.info("Modelled driver '{}' on bus '{}': async {}, shutdown {}", profile.driver(), profile.bus(),
                AsyncOptIn.external(profile.async()), profile.shutdown().map(Object::toString).orElse(ModelledProfile.NO_SHUTDOWN));
    }

    @Deactivate
    void deactivate() {
        active = false;
    }

    @Override
    public String name() {
        return profile.driver();
    }

    @Override
    public String bus() {
        return profile.bus();
    }

    @Override
    public List<String> idTable() {
        return profile.ids();
    }

    @Override
    public boolean asyncShutdown() {
        return profile.async().contains(AsyncOptIn.DRIVER);
    }

    @Override
    public ProbeType probeType() {
        return profile.probe();
    }

    @Override
    public InitcallLevel initcall() {
        return profile.initcall();
    }

    @Override
    public ProbeResult probe(Device device, ProbeContext context) {
        if (profile.async().contains(AsyncOptIn.DEVICE)) {
            device.enableAsyncShutdown();
        }
        // Recorded in creation order, each with its parent: the device itself or one created before.
        for (DeviceSpec child : device.probeChildren()) {
            context.addChild(child);
        }
        return ProbeResult.bound();
    }

    @Override
    public boolean hasShutdown() {
        return profile.shutdown().isPresent();
    }

    /** The profile's latency model, how the shutdown waits it out, and where the figure comes from. */
    @Override
    public String shutdownModel() {
        return profile.shutdown().map(m -> "modelled: " + m + (profile.waitMode() == WaitMode.POLL
                ? ", polled every " + profile.pollInterval().toMillis() + " ms, given up after "
                        + profile.timeout().toMillis() + " ms"
                : ", slept") + (profile.source().isEmpty() ? "" : " (" + profile.source() + ")")).orElse("none");
    }

    /** The emulated time this driver needs to shut the device down (zero without a shutdown callback). */
    public Duration shutdownLatency(Device device) {
        return profile.shutdown().map(m -> m.sample(profile.seed(), device.path())).orElse(Duration.ZERO);
    }

    @Override
    public CompletionStage<Void> shutdown(Device device, ShutdownContext context) {
        if (!active) {
            return CompletableFuture.failedFuture(new IllegalStateException("modelled driver " + profile.driver()
                    + " called after it was deactivated (its bundle stopped or its profile was deleted)"));
        }
        Duration latency = shutdownLatency(device);
        if (profile.waitMode() != WaitMode.POLL || profile.shutdown().isEmpty()) {
            return context.sleep(latency);
        }
        Duration done = context.elapsed().plus(latency);
        return context.pollUntil(() -> context.elapsed().compareTo(done) >= 0, profile.pollInterval(), profile.timeout())
                .thenAccept(ready -> {
                    if (!ready) {
                        LOG.warn("{}: Device not ready; aborting shutdown", device.path());
                    }
                });
    }

    @Override
    public String toString() {
        return "modelled driver " + profile.driver() + " (" + profile.bus() + ", "
                + profile.shutdown().map(Object::toString).orElse(ModelledProfile.NO_SHUTDOWN) + ")";
    }
}
