package org.drivercore.shutdown.internal;

import org.drivercore.api.ShutdownMode;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows a {@code dc:shutdown} once its devices are down: the framework stops (power-off, halt) or the system
 * bundle is updated (reboot, kexec: Felix restarts itself), on a thread of its own after a grace period, so that the
 * command's report reaches the console first.
 */
final class FrameworkTransition {

    private static final Logger LOG = LoggerFactory.getLogger(FrameworkTransition.class);

    private FrameworkTransition() {
    }

    /** Power-off and halt stop the framework; reboot updates the system bundle (Felix restarts itself). */
    static void start(BundleContext context, ShutdownMode mode, long graceMs) {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_ID);
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(graceMs);
                if (system.getState() != Bundle.ACTIVE) {
                    return; // already going down (the launcher's one-shot stop, a stop 0)
                }
                if (mode == ShutdownMode.REBOOT || mode == ShutdownMode.KEXEC) {
                    system.update();
                } else {
                    system.stop();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (BundleException | RuntimeException e) {
                LOG.error("Cannot {} the framework: {}", mode == ShutdownMode.REBOOT || mode == ShutdownMode.KEXEC
                        ? "update (" + Modes.externalName(mode) + ")" : "stop", e.toString());
            }
        }, "drivercore " + Modes.externalName(mode));
        t.setDaemon(true);
        t.start();
    }
}
