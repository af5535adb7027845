package org.drivercore.api.hardware;

import java.util.concurrent.CompletionStage;

import org.drivercore.api.ShutdownContext;

/**
 * An NVMe controller as nvme-pci sees it (NVM Express Base Specification): Identify data, the controller
 * configuration (CC) and status (CSTS) registers, and admin commands. A {@link Session} is the controller mapped for
 * one shutdown: it starts live (CC.EN = 1, CSTS.RDY = 1, every I/O queue created).
 */
@org.osgi.annotation.versioning.ProviderType
public interface NvmeController {

    /** CC.SHN = 01b, normal shutdown notification (bits 15:14). */
    int CC_SHN_NORMAL = 1 << 14;
    /** CC.SHN, both bits. */
    int CC_SHN_MASK = 3 << 14;
    /** CC.EN. */
    int CC_ENABLE = 1;
    /** CSTS.RDY. */
    int CSTS_RDY = 1;
    /** CSTS.SHST, bits 3:2. */
    int CSTS_SHST_MASK = 3 << 2;
    /** CSTS.SHST = 01b, shutdown processing occurring. */
    int CSTS_SHST_OCCUR = 1 << 2;
    /** CSTS.SHST = 10b, shutdown processing complete. */
    int CSTS_SHST_CMPLT = 2 << 2;

    /** Admin commands a shutdown sends. */
    enum AdminCommand {
        /** Delete I/O Submission Queue, opcode 00h. */
        DELETE_IO_SQ(0x00),
        /** Delete I/O Completion Queue, opcode 04h. */
        DELETE_IO_CQ(0x04);

        private final int opcode;

        AdminCommand(int opcode) {
            this.opcode = opcode;
        }

        public int opcode() {
            return opcode;
        }
    }

    /** Identify Controller's RTD3E (RTD3 Entry Latency) in microseconds; 0 when the controller reports none. */
    long rtd3eMicros();

    /** The I/O queue pairs the driver created at probe. */
    int ioQueues();

    /** Maps the controller for one shutdown. */
    Session open();

    /** The controller's registers and admin queue during one shutdown. */
    @org.osgi.annotation.versioning.ProviderType
    interface Session {

        /** Reads CSTS now. */
        int readCsts(ShutdownContext context);

        /** Writes CC now; writing CC.SHN starts the controller's shutdown processing. */
        void writeCc(ShutdownContext context, int value);

        /** The last value written to CC (the driver's {@code ctrl_config}). */
        int cc();

        /** Submits an admin command for an I/O queue; completes when the controller posts the completion entry. */
        CompletionStage<Void> admin(ShutdownContext context, AdminCommand command, int queueId);
    }
}
