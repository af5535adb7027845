package org.drivercore.hardware.nvme;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.drivercore.api.LatencyModel;
import org.drivercore.api.ShutdownContext;
import org.drivercore.api.hardware.HardwareSpec;
import org.drivercore.api.hardware.NvmeController;
import org.drivercore.hardware.internal.Params;

/**
 * An NVMe controller: from the write of CC.SHN = 01b, CSTS.SHST reads 01b (occurring) until the sampled shutdown time
 * has passed, then 10b (complete); each admin command completes after its sampled processing time, commands in
 * parallel. Identify reports the RTD3E it is given.
 *
 * <p>Parameters: {@code shutdown} (latency model, required: from CC.SHN to SHST complete), {@code rtd3e} (duration,
 * default 0 = not reported), {@code ioQueues} (default 32), {@code adminCommand} (latency model, default
 * {@code fixed(20us)}, an estimate), {@code seed}.
 */
public final class NvmeModel implements NvmeController {

    public static final String KIND = "nvme";
    public static final List<String> KEYS = List.of("shutdown", "rtd3e", "ioQueues", "adminCommand");

    private final String path;
    private final long seed;
    private final Duration shutdown;
    private final long rtd3eMicros;
    private final int ioQueues;
    private final LatencyModel adminCommand;

    public NvmeModel(String devicePath, HardwareSpec spec) {
        Params p = new Params(spec, KEYS);
        this.path = devicePath;
        this.seed = p.seed();
        this.shutdown = p.latency("shutdown").sample(seed, devicePath);
        this.rtd3eMicros = p.duration("rtd3e", Duration.ZERO).toNanos() / 1000;
        this.ioQueues = p.integer("ioQueues", 32, 1, 65535);
        this.adminCommand = p.latencyOr("adminCommand", "fixed(20us)");
    }

    @Override
    public long rtd3eMicros() {
        return rtd3eMicros;
    }

    @Override
    public int ioQueues() {
        return ioQueues;
    }

    @Override
    public Session open() {
        return new Registers();
    }

    /** One shutdown's register state: live until CC.SHN is written. */
    private final class Registers implements Session {
        private int cc = CC_ENABLE;
        private Duration shutdownWritten;

        @Override
        public int readCsts(ShutdownContext context) {
            int csts = CSTS_RDY;
            if (shutdownWritten != null) {
                boolean done = context.elapsed().compareTo(shutdownWritten.plus(shutdown)) >= 0;
                csts |= done ? CSTS_SHST_CMPLT : CSTS_SHST_OCCUR;
            }
            return csts;
        }

        @Override
        public void writeCc(ShutdownContext context, int value) {
            if ((value & CC_SHN_MASK) == CC_SHN_NORMAL && (cc & CC_SHN_MASK) != CC_SHN_NORMAL) {
                shutdownWritten = context.elapsed();
            }
            cc = value;
        }

        @Override
        public int cc() {
            return cc;
        }

        @Override
        public CompletionStage<Void> admin(ShutdownContext context, AdminCommand command, int queueId) {
            return context.sleep(adminCommand.sample(seed, path + "#" + command + "#" + queueId));
        }
    }
}
