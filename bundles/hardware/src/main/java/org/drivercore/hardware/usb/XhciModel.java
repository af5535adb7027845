package org.drivercore.hardware.usb;

import java.time.Duration;
import java.util.List;

import org.drivercore.api.ShutdownContext;
import org.drivercore.api.hardware.HardwareSpec;
import org.drivercore.api.hardware.XhciController;
import org.drivercore.hardware.internal.Params;

/**
 * An xHCI controller: once USBCMD.R/S is cleared, USBSTS.HCH sets after the sampled halt time (the specification
 * allows 16 ms).
 *
 * <p>Parameters: {@code halt} (latency model, required), {@code seed}.
 */
public final class XhciModel implements XhciController {

    public static final String KIND = "xhci";
    public static final List<String> KEYS = List.of("halt");

    private final Duration halt;

    public XhciModel(String devicePath, HardwareSpec spec) {
        Params p = new Params(spec, KEYS);
        this.halt = p.latency("halt").sample(p.seed(), devicePath);
    }

    @Override
    public Session open() {
        return new Registers();
    }

    /** One shutdown's operational registers. */
    private final class Registers implements Session {
        private int command = CMD_RUN;
        private Duration halted;

        @Override
        public int readCommand(ShutdownContext context) {
            return command;
        }

        @Override
        public void writeCommand(ShutdownContext context, int value) {
            if ((command & CMD_RUN) != 0 && (value & CMD_RUN) == 0) {
                halted = context.elapsed().plus(halt);
            }
            command = value;
        }

        @Override
        public int readStatus(ShutdownContext context) {
            return halted != null && context.elapsed().compareTo(halted) >= 0 ? STS_HALT : 0;
        }
    }
}
