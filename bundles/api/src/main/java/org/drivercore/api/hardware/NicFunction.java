package org.drivercore.api.hardware;

import org.drivercore.api.ShutdownContext;

/**
 * One function of an Ethernet controller with an admin queue to its firmware (Intel X710 / i40e): its Tx/Rx queues'
 * enable and status, and the admin send queue. A {@link Session} starts with every queue enabled and the admin queue
 * alive.
 */
@org.osgi.annotation.versioning.ProviderType
public interface NicFunction {

    /** Admin queue opcode 0003h, Queue Shutdown (the driver is unloading). */
    int AQ_QUEUE_SHUTDOWN = 0x0003;

    /** The Tx/Rx queue pairs the driver enabled at probe. */
    int queuePairs();

    /** Maps the function for one shutdown. */
    Session open();

    /** The function's registers during one shutdown. */
    @org.osgi.annotation.versioning.ProviderType
    interface Session {

        /** Clears the enable request of every Tx and Rx queue (QTX_ENA / QRX_ENA QENA_REQ). */
        void disableQueues(ShutdownContext context);

        /** Whether any queue still reports itself enabled (QENA_STAT). */
        boolean queuesEnabled(ShutdownContext context);

        /** Puts an admin command on the admin send queue and bumps its tail. */
        void sendAdminCommand(ShutdownContext context, int opcode);

        /** Whether the firmware has consumed the last admin command (the send queue's head caught up with its tail). */
        boolean adminCommandDone(ShutdownContext context);
    }
}
