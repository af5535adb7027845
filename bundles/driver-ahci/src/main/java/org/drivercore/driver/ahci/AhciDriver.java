package org.drivercore.driver.ahci;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.drivercore.api.Device;
import org.drivercore.api.Driver;
import org.drivercore.api.ShutdownContext;
import org.drivercore.api.hardware.AhciHba;
import org.drivercore.api.hardware.Hardware;
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
 * ahci ({@code drivers/ata/ahci.c}, {@code libahci.c}, Linux 6.x), synchronous. Its probe adds the ata ports and their
 * SCSI hosts (libata adds the targets and devices from its async port probe; here the probe adds what the file
 * records). Its shutdown is {@code ahci_shutdown_one()} → {@code ata_pci_shutdown_one()}: port after port, freeze
 * (mask PxIE) and stop ({@code ahci_port_stop()} → {@code ahci_deinit_port()}): {@code ahci_stop_engine()} clears
 * PxCMD.ST and waits for CR to clear ({@code ata_wait_register()}: read, then {@code ata_msleep()} 1 ms steps,
 * {@code usleep_range(1000, 1050)}, up to 500 ms), unless the engine is idle; then, unless the engine failed to stop,
 * {@code ahci_stop_fis_rx()} clears FRE and waits for FR (10 ms steps, up to 1000 ms). A port that does not stop is
 * logged and the next one goes on, as libahci does. Spinning the disks down is sd's, which runs first (its devices are
 * children of the HBA).
 */
@Component(service = Driver.class, configurationPid = AhciDriver.PID)
@Designate(ocd = AhciDriver.Config.class)
public final class AhciDriver extends HardwareDriver<AhciHba> {

    static final String PID = "org.drivercore.driver.ahci";
    private static final Logger LOG = LoggerFactory.getLogger(AhciDriver.class);

    /** ata_msleep(ap, 1): usleep_range(1000, 1050), emulated at its upper bound. */
    static final Duration ENGINE_POLL = Duration.ofNanos(1_050_000);
    static final Duration ENGINE_TIMEOUT = Duration.ofMillis(500);
    /** ata_msleep(ap, 10): usleep_range(10000, 10050). */
    static final Duration FIS_POLL = Duration.ofNanos(10_050_000);
    static final Duration FIS_TIMEOUT = Duration.ofMillis(1000);

    /** The driver's id table. */
    @ObjectClassDefinition(name = "drivercore ahci driver", description = "The AHCI SATA driver.")
    public @interface Config {
        @AttributeDefinition(name = "Id table", description = "PCI class 01 06 01: every AHCI controller (ahci_pci_tbl's "
                + "class entry; its vendor entries are left out).")
        String[] ids() default { "pci:v*d*sv*sd*bc01sc06i01*" };
    }

    @Activate
    public AhciDriver(@Reference Hardware hardware, Config config) {
        super("ahci", "pci", config.ids(), hardware, AhciHba.class);
    }

    @Override
    public String shutdownModel() {
        return "ahci_shutdown_one(): each port's engine stopped (CR polled in 1 ms steps, up to 500 ms) and FIS receive stopped (10 ms steps, up to 1 s); time from the HBA's hardware model";
    }

    @Override
    public CompletionStage<Void> shutdown(Device device, ShutdownContext context) {
        AhciHba hba = model(device);
        AhciHba.Session regs = hba.open();
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (int port = 0; port < hba.ports(); port++) {
            int p = port;
            chain = chain.thenCompose(v -> stopPort(device, regs, context, p));
        }
        return chain;
    }

    /** Freeze, then {@code ahci_stop_engine()} and {@code ahci_stop_fis_rx()}. */
    private static CompletionStage<Void> stopPort(Device device, AhciHba.Session regs, ShutdownContext ctx, int port) {
        regs.writePortIrqMask(ctx, port, 0);
        CompletionStage<Boolean> engine;
        int cmd = regs.readPortCmd(ctx, port);
        if ((cmd & (AhciHba.PORT_CMD_START | AhciHba.PORT_CMD_LIST_ON)) == 0) {
            engine = CompletableFuture.completedFuture(true);
        } else {
            regs.writePortCmd(ctx, port, cmd & ~AhciHba.PORT_CMD_START);
            engine = ctx.pollUntil(() -> (regs.readPortCmd(ctx, port) & AhciHba.PORT_CMD_LIST_ON) == 0, ENGINE_POLL,
                    ENGINE_TIMEOUT);
        }
        return engine.thenCompose(stopped -> {
            if (!stopped) {
                // ahci_deinit_port(): "failed to stop engine", and FIS reception is left alone.
                warn(device, ctx, port, "failed to stop engine");
                return CompletableFuture.completedFuture(true);
            }
            regs.writePortCmd(ctx, port, regs.readPortCmd(ctx, port) & ~AhciHba.PORT_CMD_FIS_RX);
            return ctx.pollUntil(() -> (regs.readPortCmd(ctx, port) & AhciHba.PORT_CMD_FIS_ON) == 0, FIS_POLL, FIS_TIMEOUT);
        }).thenAccept(fisStopped -> {
            if (!fisStopped) {
                warn(device, ctx, port, "failed to stop FIS RX");
            }
        });
    }

    private static void warn(Device device, ShutdownContext ctx, int port, String what) {
        ctx.note("port " + port + ": " + what);
        LOG.warn("{}: port {}: {}", device.path(), port, what);
    }
}
