package org.drivercore.api.hardware;

import org.drivercore.api.ShutdownContext;

/**
 * An xHCI host controller's operational registers as xhci-hcd drives them (eXtensible Host Controller Interface
 * specification): USBCMD and USBSTS. A {@link Session} starts running (USBCMD.R/S = 1, USBSTS.HCH = 0).
 */
@org.osgi.annotation.versioning.ProviderType
public interface XhciController {

    /** USBCMD.R/S: run/stop. */
    int CMD_RUN = 1;
    /** USBSTS.HCH: host controller halted. */
    int STS_HALT = 1;

    /** Maps the controller for one shutdown. */
    Session open();

    /** The controller's operational registers during one shutdown. */
    @org.osgi.annotation.versioning.ProviderType
    interface Session {

        /** Reads USBCMD. */
        int readCommand(ShutdownContext context);

        /** Writes USBCMD; clearing R/S makes the controller halt. */
        void writeCommand(ShutdownContext context, int value);

        /** Reads USBSTS now. */
        int readStatus(ShutdownContext context);
    }
}
