package org.drivercore.hardware.net;

import java.time.Duration;
import java.util.List;

import org.drivercore.api.ShutdownContext;
import org.drivercore.api.hardware.HardwareSpec;
import org.drivercore.api.hardware.NicFunction;
import org.drivercore.hardware.internal.Params;

/**
 * A NIC function with a firmware admin queue: once its queues' enable is cleared, they report disabled after the
 * sampled queue disable time; an admin command is consumed after the sampled admin command time.
 *
 * <p>Parameters: {@code queuePairs} (default 64), {@code queueDisable} and {@code adminCommand} (latency models,
 * required), {@code seed}.
 */
public final class NicModel implements NicFunction {

    public static final String KIND = "nic";
    public static final List<String> KEYS = List.of("queuePairs", "queueDisable", "adminCommand");

    private final int queuePairs;
    private final Duration queueDisable;
    private final Duration adminCommand;

    public NicModel(String devicePath, HardwareSpec spec) {
        Params p = new Params(spec, KEYS);
        long seed = p.seed();
        this.queuePairs = p.integer("queuePairs", 64, 1, 1536);
        this.queueDisable = p.latency("queueDisable").sample(seed, devicePath + "#queues");
        this.adminCommand = p.latency("adminCommand").sample(seed, devicePath + "#aq");
    }

    @Override
    public int queuePairs() {
        return queuePairs;
    }

    @Override
    public Session open() {
        return new Registers();
    }

    /** One shutdown's queue and admin queue state. */
    private final class Registers implements Session {
        private Duration queuesOff;
        private Duration commandDone;

        @Override
        public void disableQueues(ShutdownContext context) {
            if (queuesOff == null) {
                queuesOff = context.elapsed().plus(queueDisable);
            }
        }

        @Override
        public boolean queuesEnabled(ShutdownContext context) {
            return queuesOff == null || context.elapsed().compareTo(queuesOff) < 0;
        }

        @Override
        public void sendAdminCommand(ShutdownContext context, int opcode) {
            commandDone = context.elapsed().plus(adminCommand);
        }

        @Override
        public boolean adminCommandDone(ShutdownContext context) {
            return commandDone != null && context.elapsed().compareTo(commandDone) >= 0;
        }
    }
}
