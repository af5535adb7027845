package org.drivercore.driver.sd;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.drivercore.api.Device;
import org.drivercore.api.Driver;
import org.drivercore.api.ProbeType;
import org.drivercore.api.ShutdownContext;
import org.drivercore.api.ShutdownMode;
import org.drivercore.api.hardware.Hardware;
import org.drivercore.api.hardware.ScsiDisk;
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
 * sd, the SCSI disk driver ({@code drivers/scsi/sd.c}, Linux 6.x): {@code PROBE_PREFER_ASYNCHRONOUS}, its probe adds
 * the disk's block device. Its shutdown is {@code sd_shutdown()} (the SCSI bus has no shutdown of its own):
 * <ol>
 * <li>nothing when the device is runtime-suspended (drivercore has no runtime PM: never);</li>
 * <li>with the write cache on (WCE) and media present, "Synchronizing SCSI cache": SYNCHRONIZE CACHE, waited for up
 * to {@code SD_TIMEOUT * SD_FLUSH_TIMEOUT_MULTIPLIER} (60 s);</li>
 * <li>"Stopping disk", START STOP UNIT (stop), waited for up to {@code SD_TIMEOUT} (30 s), when
 * {@code (system_state != SYSTEM_RESTART && manage_system_start_stop) || (system_state == SYSTEM_POWER_OFF &&
 * manage_shutdown)}. libata sets {@code manage_shutdown} and not {@code manage_system_start_stop}
 * ({@code ata_scsi_dev_config()}, 6.6): a SATA disk is stopped at power-off only, not at reboot, kexec or halt; other
 * SCSI disks are not stopped unless configured.</li>
 * </ol>
 * Errors and timeouts are logged and ignored, as sd_shutdown ignores them. The async flag of a SCSI device is its bus's
 * (v18's {@code dev_set_async_shutdown()} in the SCSI midlayer), not this driver's.
 */
@Component(service = Driver.class, configurationPid = SdDriver.PID)
@Designate(ocd = SdDriver.Config.class)
public final class SdDriver extends HardwareDriver<ScsiDisk> {

    static final String PID = "org.drivercore.driver.sd";
    private static final Logger LOG = LoggerFactory.getLogger(SdDriver.class);

    /** SD_TIMEOUT (drivers/scsi/sd.h): 30 s. */
    static final Duration SD_TIMEOUT = Duration.ofSeconds(30);
    /** SD_FLUSH_TIMEOUT_MULTIPLIER (drivers/scsi/sd.h): 2. */
    static final int SD_FLUSH_TIMEOUT_MULTIPLIER = 2;

    /** The driver's settings. */
    @ObjectClassDefinition(name = "drivercore sd driver", description = "The SCSI disk driver.")
    public @interface Config {
        @AttributeDefinition(name = "Stop non-ATA disks", description = "manage_system_start_stop for disks that are not "
                + "behind libata (SAS, USB): 0 by default in Linux, set through sysfs.")
        boolean manage_system_start_stop() default false;

        @AttributeDefinition(name = "Id table", description = "SCSI device types: disk (00h), optical memory (07h), "
                + "reduced block command (0Eh), zoned block (14h).")
        String[] ids() default { "scsi:t-0x00*", "scsi:t-0x07*", "scsi:t-0x0e*", "scsi:t-0x14*" };
    }

    private static final java.util.regex.Pattern ATA_PORT = java.util.regex.Pattern.compile("ata[0-9]+");

    private final Config config;

    @Activate
    public SdDriver(@Reference Hardware hardware, Config config) {
        super("sd", "scsi", config.ids(), hardware, ScsiDisk.class);
        this.config = config;
    }

    @Override
    public ProbeType probeType() {
        return ProbeType.PREFER_ASYNCHRONOUS;
    }

    /**
     * Whether libata drives the device: its SCSI host hangs below an ata port ({@code ata_scsi_add_hosts()} adds the
     * host below the port's transport device, {@code ataN}, which {@code ata_tport_add()} names), where
     * {@code ata_scsi_dev_config()} set its flags. The port device has no bus and no class, so no udev record: the path
     * tells, or a machine file's device of type {@code ata_port}.
     */
    static boolean behindLibata(Device device) {
        for (String component : device.path().split("/")) {
            if (ATA_PORT.matcher(component).matches()) {
                return true;
            }
        }
        for (Optional<Device> d = device.parent(); d.isPresent(); d = d.get().parent()) {
            if ("ata_port".equals(d.get().properties().get("DEVTYPE"))) {
                return true;
            }
        }
        return false;
    }

    /** sd_shutdown()'s stop condition for this device in this mode. */
    boolean stops(Device device, ShutdownMode mode) {
        boolean libata = behindLibata(device);
        boolean manageSystemStartStop = !libata && config.manage_system_start_stop();
        boolean manageShutdown = libata;
        boolean restart = mode == ShutdownMode.REBOOT || mode == ShutdownMode.KEXEC;
        return (!restart && manageSystemStartStop) || (mode == ShutdownMode.POWEROFF && manageShutdown);
    }

    @Override
    public String shutdownModel() {
        return "sd_shutdown(): SYNCHRONIZE CACHE with the write cache on (up to 60 s), START STOP UNIT at power-off for SATA disks (up to 30 s); time from the disk's hardware model";
    }

    @Override
    public CompletionStage<Void> shutdown(Device device, ShutdownContext context) {
        ScsiDisk disk = model(device);
        CompletionStage<Void> flushed = CompletableFuture.completedFuture(null);
        if (disk.writeCacheEnabled() && disk.mediaPresent()) {
            context.note("Synchronizing SCSI cache");
            flushed = command(context, device, "SYNCHRONIZE CACHE", disk.synchronizeCache(context),
                    SD_TIMEOUT.multipliedBy(SD_FLUSH_TIMEOUT_MULTIPLIER));
        }
        if (!stops(device, context.mode())) {
            return flushed;
        }
        return flushed.thenCompose(v -> {
            context.note("Stopping disk");
            return command(context, device, "START STOP UNIT", disk.stopUnit(context), SD_TIMEOUT);
        });
    }

    /** One command waited for up to its timeout; a timeout is logged and ignored, as sd_shutdown() ignores errors. */
    private static CompletionStage<Void> command(ShutdownContext context, Device device, String what,
            CompletionStage<Void> command, Duration timeout) {
        return context.within(command, timeout).thenAccept(done -> {
            if (!done) {
                context.note(what + " timed out after " + timeout.toSeconds() + " s");
                LOG.warn("{}: {} timed out after {} s", device.path(), what, timeout.toSeconds());
            }
        });
    }
}
