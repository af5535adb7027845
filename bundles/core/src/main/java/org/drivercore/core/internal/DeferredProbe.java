package org.drivercore.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;

import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceState;
import org.drivercore.api.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deferred probe, after Linux's {@code drivers/base/dd.c}: a probe that says "defer" puts its device on the
 * pending list, and the list is retried after a successful probe. Guarded by the registry's lock.
 */
final class DeferredProbe {

    private static final Logger LOG = LoggerFactory.getLogger(DeferredProbe.class);

    /** Deferred devices, in the order they deferred (Linux's pending list, debugfs {@code devices_deferred}). */
    private final LinkedHashSet<DeviceNode> pending = new LinkedHashSet<>();
    private final Events events;
    private boolean retrying;
    private boolean retryAgain;

    DeferredProbe(Events events) {
        this.events = events;
    }

    /** Marks the device deferred by the driver (which waits for it) and puts it on the pending list. */
    void defer(DeviceNode n, Driver d, String reason) {
        n.unbound();
        n.deferredBy = d;
        n.setState(DeviceState.DEFERRED, reason);
        pending.add(n);
        events.fire(DeviceEvent.Type.DEFERRED, n.path(), d == null ? null : d.name(), reason);
        LOG.debug("{} deferred: {}", n.path(), reason);
    }

    /** Takes the device off the pending list. */
    void leave(DeviceNode n) {
        pending.remove(n);
        n.deferredBy = null;
    }

    List<String> paths() {
        return pending.stream().map(DeviceNode::path).toList();
    }

    /**
     * A probe succeeded: retry every deferred device, again and again while any of them binds. A success inside
     * a retry asks for one more round instead of nesting.
     */
    void probeSucceeded(Consumer<DeviceNode> retry) {
        if (retrying) {
            retryAgain = true;
            return;
        }
        retrying = true;
        try {
            do {
                retryAgain = false;
                for (DeviceNode n : new ArrayList<>(pending)) {
                    if (n.isAlive() && n.state() == DeviceState.DEFERRED) {
                        retry.accept(n);
                    }
                }
            } while (retryAgain);
        } finally {
            retrying = false;
        }
    }
}
