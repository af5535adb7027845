package org.drivercore.deviceclass.tpm;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceClass;
import org.drivercore.api.LatencyModel;
import org.drivercore.api.ShutdownContext;
import org.drivercore.common.config.LenientConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tpm} class. Its {@code shutdown_pre} is Linux's {@code tpm_class_shutdown()}: on a TPM 2.0 chip it
 * sends {@code TPM2_Shutdown(SU_CLEAR)} and then clears the chip's ops, so that nothing talks to the TPM
 * after it, whatever the chip's own bus or driver does next. It runs on the {@code tpm0} class device, a
 * child of the TPM's platform or SPI device, so it comes before the parent's shutdown.
 * <p>
 * How long the command takes is a latency model, configured under the PID {@value #PID} (keys
 * {@code shutdown.pre} and {@code seed}).
 */
@Component(service = DeviceClass.class, configurationPid = TpmClass.PID)
@Designate(ocd = TpmClass.Config.class)
public final class TpmClass implements DeviceClass {

    public static final String PID = "org.drivercore.class.tpm";
    static final String NAME = "tpm";
    private static final Logger LOG = LoggerFactory.getLogger(TpmClass.class);

    /** The configuration (Config Admin PID {@value TpmClass#PID}). */
    @ObjectClassDefinition(name = "drivercore tpm device class", description = "The tpm class's shutdown_pre, Linux's "
            + "tpm_class_shutdown(): TPM2_Shutdown(SU_CLEAR) on the tpm0 class device, before the TPM's bus or driver "
            + "shutdown. A bad value is logged and replaced by its default.")
    public @interface Config {
        /** An estimate for one short TPM command over TIS or CRB; no public measurement of it was found. */
        String DEFAULT_SHUTDOWN_PRE = "uniform(10ms, 40ms)";

        @AttributeDefinition(name = "TPM2_Shutdown duration", description = "How long TPM2_Shutdown takes: a latency "
                + "model (fixed(20ms), uniform(10ms, 40ms), lognormal(median=20ms, sigma=0.3)). An estimate for one "
                + "short TPM command over TIS or CRB; no public measurement of it was found.")
        String shutdown_pre() default DEFAULT_SHUTDOWN_PRE;

        @AttributeDefinition(name = "Seed", description = "The seed of the samples (a sample depends only on the model, "
                + "the seed and the device path).")
        long seed() default 0;
    }

    private final LatencyModel latency;
    private final long seed;

    @Activate
    public TpmClass(Config rawConfig) {
        Config config = LenientConfig.of(Config.class, rawConfig, PID, LOG::warn);
        this.latency = latency(config.shutdown_pre());
        this.seed = config.seed();
        LOG.info("Device class 'tpm': shutdown_pre {}, seed {}", latency, seed);
    }

    /**
     * The configured model; a bad one is logged and replaced by the default, as the shutdown coordinator does
     * with its settings, so that a typo in a configuration never drops the class (and its shutdown_pre).
     */
    static LatencyModel latency(String text) {
        try {
            return LatencyModel.parse(text);
        } catch (IllegalArgumentException e) {
            LOG.error("Configuration {}: shutdown.pre '{}' is refused ({}); using the default {}", PID, text,
                    e.getMessage(), Config.DEFAULT_SHUTDOWN_PRE);
            return LatencyModel.parse(Config.DEFAULT_SHUTDOWN_PRE);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean hasShutdownPre() {
        return true;
    }

    @Override
    public CompletionStage<Void> shutdownPre(Device device, ShutdownContext context) {
        Duration d = latency.sample(seed, device.path());
        LOG.debug("{}: TPM2_Shutdown(SU_CLEAR), {} ms", device.path(), d.toMillis());
        return context.sleep(d);
    }
}
