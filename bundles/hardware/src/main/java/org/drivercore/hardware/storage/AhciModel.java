package org.drivercore.hardware.storage;

import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import org.drivercore.api.LatencyModel;
import org.drivercore.api.ShutdownContext;
import org.drivercore.api.hardware.AhciHba;
import org.drivercore.api.hardware.HardwareSpec;
import org.drivercore.hardware.internal.Params;

/**
 * An AHCI HBA: once PxCMD.ST is cleared, PxCMD.CR clears after the sampled engine stop time; once PxCMD.FRE is
 * cleared, PxCMD.FR clears after the sampled FIS receive stop time.
 *
 * <p>Parameters: {@code ports} (required, 1 to 32), {@code attached} (the ports with a device, as {@code 0,1,2,3};
 * default none), {@code engineStop} and {@code fisStop} (latency models, required), {@code seed}.
 */
public final class AhciModel implements AhciHba {

    public static final String KIND = "ahci";
    public static final List<String> KEYS = List.of("ports", "attached", "engineStop", "fisStop");

    private final String path;
    private final long seed;
    private final int ports;
    private final BitSet attached = new BitSet();
    private final LatencyModel engineStop;
    private final LatencyModel fisStop;

    public AhciModel(String devicePath, HardwareSpec spec) {
        Params p = new Params(spec, KEYS);
        this.path = devicePath;
        this.seed = p.seed();
        this.ports = p.integer("ports", 0, 1, 32);
        if (spec.param("ports").isEmpty()) {
            throw p.bad("ports", "is missing (the ports the HBA implements, 1 to 32)");
        }
        for (String s : spec.param("attached").map(t -> t.split(",")).orElse(new String[0])) {
            if (s.isBlank()) {
                continue;
            }
            int port;
            try {
                port = Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw p.bad("attached", "'" + s.trim() + "' is not a port number");
            }
            if (port < 0 || port >= ports) {
                throw p.bad("attached", "port " + port + " is not one of the " + ports + " ports");
            }
            attached.set(port);
        }
        this.engineStop = p.latency("engineStop");
        this.fisStop = p.latency("fisStop");
    }

    @Override
    public int ports() {
        return ports;
    }

    @Override
    public Session open() {
        return new Registers();
    }

    /** One shutdown's port registers. */
    private final class Registers implements Session {
        private final int[] cmd = new int[ports];
        /** When the engine will have stopped (CR clear) and FIS reception (FR clear), once asked; null before. */
        private final Duration[] listOff = new Duration[ports];
        private final Duration[] fisOff = new Duration[ports];

        Registers() {
            Arrays.fill(cmd, PORT_CMD_FIS_RX | PORT_CMD_FIS_ON);
            attached.stream().forEach(p -> cmd[p] |= PORT_CMD_START | PORT_CMD_LIST_ON);
        }

        @Override
        public int readPortCmd(ShutdownContext context, int port) {
            Duration now = context.elapsed();
            if (listOff[port] != null && now.compareTo(listOff[port]) >= 0) {
                cmd[port] &= ~PORT_CMD_LIST_ON;
            }
            if (fisOff[port] != null && now.compareTo(fisOff[port]) >= 0) {
                cmd[port] &= ~PORT_CMD_FIS_ON;
            }
            return cmd[port];
        }

        @Override
        public void writePortCmd(ShutdownContext context, int port, int value) {
            Duration now = context.elapsed();
            int before = readPortCmd(context, port);
            if ((before & PORT_CMD_START) != 0 && (value & PORT_CMD_START) == 0 && (before & PORT_CMD_LIST_ON) != 0) {
                listOff[port] = now.plus(engineStop.sample(seed, path + "#engine#" + port));
            }
            if ((before & PORT_CMD_FIS_RX) != 0 && (value & PORT_CMD_FIS_RX) == 0 && (before & PORT_CMD_FIS_ON) != 0) {
                fisOff[port] = now.plus(fisStop.sample(seed, path + "#fis#" + port));
            }
            int status = before & (PORT_CMD_LIST_ON | PORT_CMD_FIS_ON);
            cmd[port] = (value & ~(PORT_CMD_LIST_ON | PORT_CMD_FIS_ON)) | status;
        }

        @Override
        public void writePortIrqMask(ShutdownContext context, int port, int value) {
            // Masking interrupts changes nothing a shutdown waits for.
        }
    }
}
