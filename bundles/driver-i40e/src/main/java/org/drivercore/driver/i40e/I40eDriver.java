package org.drivercore.driver.i40e;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.drivercore.api.Device;
import org.drivercore.api.Driver;
import org.drivercore.api.ShutdownContext;
import org.drivercore.api.ShutdownMode;
import org.drivercore.api.hardware.Hardware;
import org.drivercore.api.hardware.NicFunction;
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
 * i40e, the Intel Ethernet 700 series driver ({@code drivers/net/ethernet/intel/i40e/i40e_main.c}, Linux 6.x),
 * synchronous. Its probe adds the function's net device. Its shutdown is {@code i40e_shutdown()}: the service task is
 * stopped; {@code i40e_prep_for_reset()} quiesces the VSIs ({@code i40e_vsi_stop_rings()}: the RX queue enables
 * cleared, {@code msleep(I40E_DISABLE_TX_GAP_MSEC)}, 50 ms, the TX enables cleared, their status polled) and shuts the
 * admin queue down ({@code i40e_shutdown_adminq()}: the Queue Shutdown command; the send loop reads the queue's head,
 * then sleeps {@code usleep_range(40, 60)} and counts 50 us, until {@code I40E_ASQ_CMD_TIMEOUT}, 250 ms, is counted);
 * Wake-on-LAN is armed; the interrupt scheme cleared; and on power-off only the function is put in D3hot
 * ({@code pci_set_power_state()} → {@code pci_dev_d3_sleep()}: {@code usleep_range(10 ms, 12 ms)} for the default
 * {@code PCI_PM_D3HOT_WAIT}). Sleeps are emulated at the upper bound of their range.
 */
@Component(service = Driver.class, configurationPid = I40eDriver.PID)
@Designate(ocd = I40eDriver.Config.class)
public final class I40eDriver extends HardwareDriver<NicFunction> {

    static final String PID = "org.drivercore.driver.i40e";
    private static final Logger LOG = LoggerFactory.getLogger(I40eDriver.class);

    /** I40E_ASQ_CMD_TIMEOUT: 250 ms, counted 50 us a pass. */
    static final int ASQ_PASSES = 250_000 / 50;
    /** A pass of the admin send queue's completion loop: usleep_range(40, 60). */
    static final Duration ASQ_POLL = Duration.ofNanos(60_000);
    /** The step and the retries of the queue disable poll (usleep_range(10, 20), I40E_QUEUE_WAIT_RETRY_LIMIT). */
    static final Duration QUEUE_POLL = Duration.ofNanos(20_000);
    static final int QUEUE_WAIT_RETRY_LIMIT = 10;
    /** I40E_DISABLE_TX_GAP_MSEC: i40e_vsi_stop_rings() sleeps between disabling the RX and the TX queues. */
    static final Duration DISABLE_TX_GAP = Duration.ofMillis(50);
    /** pci_dev_d3_sleep() for PCI_PM_D3HOT_WAIT (10 ms): usleep_range(10 ms, 12 ms). */
    static final Duration D3HOT_WAIT = Duration.ofMillis(12);

    /** The driver's id table. */
    @ObjectClassDefinition(name = "drivercore i40e driver", description = "The Intel Ethernet 700 series driver.")
    public @interface Config {
        @AttributeDefinition(name = "Id table", description = "I40E_DEV_ID_SFP_XL710 (8086:1572), the X710 SFP+ "
                + "function; the rest of i40e_pci_tbl is left out.")
        String[] ids() default { "pci:v00008086d00001572sv*sd*bc*sc*i*" };
    }

    @Activate
    public I40eDriver(@Reference Hardware hardware, Config config) {
        super("i40e", "pci", config.ids(), hardware, NicFunction.class);
    }

    @Override
    public String shutdownModel() {
        return "i40e_shutdown(): rings stopped with the 50 ms TX gap, admin queue shut down (polled, up to 250 ms), D3hot at power-off (10-12 ms); time from the function's hardware model";
    }

    @Override
    public CompletionStage<Void> shutdown(Device device, ShutdownContext ctx) {
        NicFunction fn = model(device);
        NicFunction.Session regs = fn.open();
        regs.disableQueues(ctx);
        return ctx.sleep(DISABLE_TX_GAP)
                .thenCompose(gap -> ctx.pollUntil(() -> !regs.queuesEnabled(ctx), QUEUE_POLL,
                        QUEUE_POLL.multipliedBy(QUEUE_WAIT_RETRY_LIMIT)))
                .thenCompose(disabled -> {
                    if (!disabled) {
                        warn(ctx, device, "queues still enabled after " + QUEUE_WAIT_RETRY_LIMIT + " polls");
                    }
                    regs.sendAdminCommand(ctx, NicFunction.AQ_QUEUE_SHUTDOWN);
                    return ctx.pollUntil(() -> regs.adminCommandDone(ctx), ASQ_POLL, ASQ_POLL.multipliedBy(ASQ_PASSES));
                })
                .thenCompose(done -> {
                    if (!done) {
                        warn(ctx, device, "admin queue shutdown timed out");
                    } else {
                        ctx.note("admin queue shut down");
                    }
                    if (ctx.mode() != ShutdownMode.POWEROFF) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    ctx.note("D3hot");
                    return ctx.sleep(D3HOT_WAIT);
                });
    }

    private static void warn(ShutdownContext ctx, Device device, String what) {
        ctx.note(what);
        LOG.warn("{}: {}", device.path(), what);
    }
}
