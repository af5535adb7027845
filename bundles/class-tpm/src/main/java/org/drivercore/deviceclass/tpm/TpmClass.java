package org.drivercore.deviceclass.tpm;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceClass;
import org.drivercore.api.LatencyModel;
import org.drivercore.api.ShutdownContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
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
public final class TpmClass implements DeviceClass {

    public static final String PID = "org.drivercore.class.tpm";
    static final String NAME = "tpm";
    static final String DEFAULT_SHUTDOWN_PRE = "uniform(10ms, 40ms)";
    private static final Logger LOG = LoggerFactory.getLogger(TpmClass.class);

    /** The configuration (Config Admin PID {@value TpmClass#PID}). */
    public @interface Config {
        /**
         * The duration of {@code TPM2_Shutdown}, as a {@link LatencyModel} text. An estimate for one short TPM
         * command over TIS or CRB; no public measurement of it was found.
         */
        String shutdown_pre() default DEFAULT_SHUTDOWN_PRE;

        long seed() default 0;
    }

    private final LatencyModel latency;
    private final long seed;

    @Activate
    public TpmClass(Config config) {
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
                    e.getMessage(), DEFAULT_SHUTDOWN_PRE);
            return LatencyModel.parse(DEFAULT_SHUTDOWN_PRE);
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
