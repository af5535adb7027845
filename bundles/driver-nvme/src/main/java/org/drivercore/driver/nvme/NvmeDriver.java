package org.drivercore.driver.nvme;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.drivercore.api.Device;
import org.drivercore.api.Driver;
import org.drivercore.api.ProbeResult;
import org.drivercore.api.ProbeType;
import org.drivercore.api.ShutdownContext;
import org.drivercore.api.hardware.Hardware;
import org.drivercore.api.hardware.NvmeController;
import org.drivercore.common.config.LenientConfig;
import org.drivercore.common.driver.HardwareDriver;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nvme-pci ({@code drivers/nvme/host/pci.c}, {@code core.c}, Linux 6.x). Probe ({@code PROBE_PREFER_ASYNCHRONOUS}, so
 * from async work) reads Identify's RTD3E and sets the controller's shutdown timeout to
 * {@code clamp(RTD3E in seconds, shutdown_timeout, 60)} ({@code nvme_init_identify()}), then adds the controller's
 * {@code nvmeN} device and its namespaces. Shutdown is {@code nvme_shutdown()} → {@code nvme_dev_disable(dev, true)}:
 * {@link NvmeShutdown}. The driver opts in to asynchronous shutdown driver-wide ({@code async_shutdown_enable}, v8's
 * nvme-pci patch) and, per device in probe, with drivercore's per-device flag.
 */
@Component(service = Driver.class, configurationPid = NvmeDriver.PID)
@Designate(ocd = NvmeDriver.Config.class)
public final class NvmeDriver extends HardwareDriver<NvmeController> {

    static final String PID = "org.drivercore.driver.nvme";
    private static final Logger LOG = LoggerFactory.getLogger(NvmeDriver.class);

    /** The driver's settings: nvme_core's module parameters, and the async opt-ins. */
    @ObjectClassDefinition(name = "drivercore nvme driver", description = "nvme-pci: module parameters and async opt-ins.")
    public @interface Config {
        /** nvme_core.shutdown_timeout: 5 s. */
        int DEFAULT_SHUTDOWN_TIMEOUT_S = 5;
        /** nvme_core.admin_timeout (NVME_ADMIN_TIMEOUT): 60 s. */
        int DEFAULT_ADMIN_TIMEOUT_S = 60;
        /** usleep_range(1000, 2000) between CSTS reads: its upper bound, where hrtimer slack usually wakes it. */
        long DEFAULT_POLL_INTERVAL_US = 2000;

        @AttributeDefinition(name = "Shutdown timeout (s)", description = "nvme_core.shutdown_timeout: how long "
                + "CSTS.SHST is polled, unless RTD3E asks for longer (clamped to 60 s).", min = "1", max = "255")
        int shutdown_timeout_s() default DEFAULT_SHUTDOWN_TIMEOUT_S;

        @AttributeDefinition(name = "Admin timeout (s)", description = "nvme_core.admin_timeout: the budget shared by "
                + "the Delete I/O Queue commands of a shutdown.", min = "1")
        int admin_timeout_s() default DEFAULT_ADMIN_TIMEOUT_S;

        @AttributeDefinition(name = "Status poll interval (us)", description = "Time between two reads of CSTS while "
                + "the controller shuts down.", min = "1")
        long poll_interval_us() default DEFAULT_POLL_INTERVAL_US;

        @AttributeDefinition(name = "Driver-wide async opt-in", description = "async_shutdown_enable, as v8's "
                + "nvme-pci patch sets it.")
        boolean async_driver() default true;

        @AttributeDefinition(name = "Per-device async opt-in", description = "Flags each controller in probe.")
        boolean async_device() default true;

        @AttributeDefinition(name = "Id table", description = "PCI class 01 08 02: every NVMe controller.")
        String[] ids() default { "pci:v*d*sv*sd*bc01sc08i02*" };
    }

    private final Config config;
    /** Each bound controller's shutdown timeout, as probe computed it from RTD3E. */
    private final Map<String, Duration> shutdownTimeouts = new ConcurrentHashMap<>();

    @Activate
    public NvmeDriver(@Reference Hardware hardware, Config config) {
        super("nvme", "pci", config.ids(), hardware, NvmeController.class);
        this.config = LenientConfig.of(Config.class, config, PID, LOG::warn);
        LOG.info("nvme driver: shutdown_timeout {} s, admin_timeout {} s, CSTS polled every {} us",
                this.config.shutdown_timeout_s(), this.config.admin_timeout_s(), this.config.poll_interval_us());
    }

    @Override
    public ProbeType probeType() {
        return ProbeType.PREFER_ASYNCHRONOUS;
    }

    @Override
    public boolean asyncShutdown() {
        return config.async_driver();
    }

    @Override
    protected ProbeResult probeHardware(Device device, NvmeController ctrl) {
        shutdownTimeouts.put(device.path(), shutdownTimeout(ctrl.rtd3eMicros(), config.shutdown_timeout_s()));
        if (config.async_device()) {
            device.enableAsyncShutdown();
        }
        return ProbeResult.bound();
    }

    /**
     * {@code nvme_init_identify()}: with RTD3E reported, {@code clamp(RTD3E / 1 s, shutdown_timeout, 60)} seconds;
     * without, the module parameter.
     */
    static Duration shutdownTimeout(long rtd3eMicros, int shutdownTimeoutS) {
        if (rtd3eMicros == 0) {
            return Duration.ofSeconds(shutdownTimeoutS);
        }
        long seconds = Math.max(shutdownTimeoutS, Math.min(60, rtd3eMicros / 1_000_000));
        return Duration.ofSeconds(seconds);
    }

    @Override
    public void remove(Device device) {
        shutdownTimeouts.remove(device.path());
    }

    @Override
    public String shutdownModel() {
        return "nvme_dev_disable(shutdown): CC.SHN set, CSTS.SHST polled until done or the controller's shutdown timeout (RTD3E clamped to shutdown_timeout..60 s); time from the controller's hardware model";
    }

    @Override
    public CompletionStage<Void> shutdown(Device device, ShutdownContext context) {
        NvmeController ctrl = model(device);
        Duration timeout = shutdownTimeouts.getOrDefault(device.path(), Duration.ofSeconds(config.shutdown_timeout_s()));
        return new NvmeShutdown(device.path(), ctrl, context, timeout, Duration.ofSeconds(config.admin_timeout_s()),
                Duration.ofNanos(config.poll_interval_us() * 1000)).run();
    }
}
