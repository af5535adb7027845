package org.drivercore.driver.modelled;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.Driver;
import org.drivercore.api.EnumNames;
import org.drivercore.api.ModelledProfile;
import org.drivercore.api.ModelledProfile.AsyncOptIn;
import org.drivercore.api.ModelledProfile.WaitMode;
import org.drivercore.api.ProbeContext;
import org.drivercore.api.ProbeResult;
import org.drivercore.api.ShutdownContext;
import org.osgi.service.component.annotations.Activate;
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
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ModelledDriver.Config.class, factory = true)
public final class ModelledDriver implements Driver {

    private static final Logger LOG = LoggerFactory.getLogger(ModelledDriver.class);

    /**
     * A profile, as Config Admin gives it: one factory configuration of {@value ModelledProfile#FACTORY_PID} per
     * driver name, written by the machine loader. Its keys, defaults and checks are {@link ModelledProfile}'s.
     */
    @ObjectClassDefinition(name = "drivercore modelled driver", description = "A driver whose probe creates the devices "
            + "a machine file records as created by it, and whose shutdown takes a modelled time.")
    @interface Config {
        @AttributeDefinition(name = "Driver name", description = "The driver's name, unique on its bus.")
        String driver_name();

        @AttributeDefinition(name = "Bus", description = "The bus the driver serves (pci, usb, scsi, platform...).")
        String bus();

        @AttributeDefinition(name = "Async opt-in", description = "none (sync), driver (driver-wide, as Hayes v8's "
                + "async_shutdown_enable) or device (set in probe, as the seed's device_enable_async_shutdown()).",
                options = { @Option(value = "none", label = "none"), @Option(value = "driver", label = "driver"),
                    @Option(value = "device", label = "device") })
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

        @AttributeDefinition(name = "Source", description = "Where the figures come from.", required = false)
        String source() default "";

        @AttributeDefinition(name = "Machine", description = "The machine whose file gave the profile.", required = false)
        String machine() default "";
    }

    private final ModelledProfile profile;

    @Activate
    public ModelledDriver(Config config) {
        this.profile = new ModelledProfile(config.driver_name(), config.bus(),
                AsyncOptIn.parse(ModelledProfile.ASYNC, config.async()), ModelledProfile.parseShutdown(config.shutdown()),
                config.seed(), EnumNames.parse(WaitMode.class, ModelledProfile.WAIT_MODE, config.wait_mode()),
                Duration.ofMillis(config.poll_interval_ms()), Duration.ofMillis(config.timeout_ms()), List.of(config.ids()),
                config.source());
        LOG.info("Modelled driver '{}' on bus '{}': async {}, shutdown {}", profile.driver(), profile.bus(),
                profile.async(), profile.shutdown().map(Object::toString).orElse(ModelledProfile.NO_SHUTDOWN));
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
        return profile.async() == AsyncOptIn.DRIVER;
    }

    @Override
    public ProbeResult probe(Device device, ProbeContext context) {
        if (profile.async() == AsyncOptIn.DEVICE) {
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

    /** The emulated time this driver needs to shut the device down (zero without a shutdown callback). */
    public Duration shutdownLatency(Device device) {
        return profile.shutdown().map(m -> m.sample(profile.seed(), device.path())).orElse(Duration.ZERO);
    }

    @Override
    public CompletionStage<Void> shutdown(Device device, ShutdownContext context) {
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
