package org.drivercore.driver.nvme;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

import org.drivercore.api.ShutdownContext;
import org.drivercore.api.hardware.NvmeController;
import org.drivercore.api.hardware.NvmeController.AdminCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller's {@code nvme_dev_disable(dev, shutdown=true)} (Linux 6.x):
 * <ol>
 * <li>freeze and wait for entered requests ({@code nvme_wait_freeze_timeout()}): none are in flight at an emulated
 * shutdown, so nothing is waited for;</li>
 * <li>{@code nvme_delete_io_queues()}: a Delete I/O Submission Queue command for every I/O queue, all submitted at once,
 * then waited for under one shared {@code admin_timeout}; if that runs out, the Delete I/O Completion Queue pass is
 * skipped; otherwise the same for the completion queues;</li>
 * <li>{@code nvme_disable_ctrl(ctrl, true)}: CC.SHN = 01b, then {@code nvme_wait_ready()} reads CSTS every poll
 * interval until SHST = 10b or the controller's shutdown timeout passes: "Device not ready; aborting shutdown,
 * CSTS=0x%x", and the device's shutdown ends timed out while the system's goes on.</li>
 * </ol>
 */
final class NvmeShutdown {

    private static final Logger LOG = LoggerFactory.getLogger(NvmeShutdown.class);

    private final String path;
    private final NvmeController ctrl;
    private final NvmeController.Session regs;
    private final ShutdownContext ctx;
    private final Duration shutdownTimeout;
    private final Duration adminTimeout;
    private final Duration pollInterval;

    NvmeShutdown(String path, NvmeController ctrl, ShutdownContext ctx, Duration shutdownTimeout, Duration adminTimeout,
            Duration pollInterval) {
        this.path = path;
        this.ctrl = ctrl;
        this.regs = ctrl.open();
        this.ctx = ctx;
        this.shutdownTimeout = shutdownTimeout;
        this.adminTimeout = adminTimeout;
        this.pollInterval = pollInterval;
    }

    CompletionStage<Void> run() {
        Duration start = ctx.elapsed();
        return deleteQueues(AdminCommand.DELETE_IO_SQ, adminTimeout)
                .thenCompose(sqDeleted -> sqDeleted
                        ? deleteQueues(AdminCommand.DELETE_IO_CQ, adminTimeout.minus(ctx.elapsed().minus(start)))
                        : CompletableFuture.completedFuture(false))
                .thenCompose(v -> disableController());
    }

    /** {@code __nvme_delete_io_queues()}: every queue's command sent, then all waited for under one budget. */
    private CompletionStage<Boolean> deleteQueues(AdminCommand command, Duration budget) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int qid = ctrl.ioQueues(); qid >= 1; qid--) {
            sent.add(regs.admin(ctx, command, qid).toCompletableFuture());
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
        return ctx.within(all, budget.isNegative() ? Duration.ZERO : budget).thenApply(done -> {
            if (!done) {
                ctx.note(command + " timed out after the shared admin timeout");
                LOG.warn("{}: {} did not complete within {} ms", path, command, adminTimeout.toMillis());
            }
            return done;
        });
    }

    /** {@code nvme_disable_ctrl(ctrl, shutdown=true)} and its {@code nvme_wait_ready()}. */
    private CompletionStage<Void> disableController() {
        int cc = (regs.cc() & ~NvmeController.CC_SHN_MASK) | NvmeController.CC_SHN_NORMAL;
        regs.writeCc(ctx, cc);
        ctx.note("CC.SHN = normal shutdown");
        return ctx.pollUntil(() -> (regs.readCsts(ctx) & NvmeController.CSTS_SHST_MASK) == NvmeController.CSTS_SHST_CMPLT,
                pollInterval, shutdownTimeout).thenCompose(ready -> {
                    if (ready) {
                        ctx.note("CSTS.SHST = shutdown complete");
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    String message = String.format("Device not ready; aborting shutdown, CSTS=0x%x", regs.readCsts(ctx));
                    LOG.error("{}: {}", path, message);
                    ctx.note(message);
                    return CompletableFuture.<Void>failedFuture(new TimeoutException(message));
                });
    }
}
