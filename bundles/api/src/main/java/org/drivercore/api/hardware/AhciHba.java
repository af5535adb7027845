package org.drivercore.api.hardware;

import org.drivercore.api.ShutdownContext;

/**
 * An AHCI host bus adapter as libahci drives it (Serial ATA AHCI specification): per port, the interrupt enable
 * register PxIE and the command register PxCMD. A {@link Session} starts with every port running: PxCMD.ST, CR, FRE
 * and FR set on the ports with a device; FRE and FR only on the empty ones.
 */
@org.osgi.annotation.versioning.ProviderType
public interface AhciHba {

    /** PxCMD.ST: start (the command list engine may run). */
    int PORT_CMD_START = 1;
    /** PxCMD.FRE: FIS receive enable. */
    int PORT_CMD_FIS_RX = 1 << 4;
    /** PxCMD.FR: FIS receive running. */
    int PORT_CMD_FIS_ON = 1 << 14;
    /** PxCMD.CR: command list running. */
    int PORT_CMD_LIST_ON = 1 << 15;

    /** The ports the HBA implements. */
    int ports();

    /** Maps the HBA for one shutdown. */
    Session open();

    /** The HBA's port registers during one shutdown. */
    @org.osgi.annotation.versioning.ProviderType
    interface Session {

        /** Reads port {@code port}'s PxCMD now. */
        int readPortCmd(ShutdownContext context, int port);

        /** Writes PxCMD; clearing ST stops the command list engine, clearing FRE stops FIS reception. */
        void writePortCmd(ShutdownContext context, int port, int value);

        /** Writes PxIE (0 masks every port interrupt). */
        void writePortIrqMask(ShutdownContext context, int port, int value);
    }
}
