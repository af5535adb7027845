package org.drivercore.shutdown.strategy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.drivercore.api.shutdown.Condition;
import org.drivercore.api.shutdown.ShutdownExecutor;
import org.drivercore.api.shutdown.ShutdownNode;

/**
 * An async domain of {@code kernel/async.c} as v8's {@code sd_domain} uses it: {@code async_schedule_domain()} hands
 * out increasing cookies (1, 2, ...); an entry leaves the domain only after its function returned, and
 * {@code async_synchronize_cookie_domain(target)} waits until every entry with a cookie below {@code target} has.
 */
final class AsyncDomain {

    private final ShutdownExecutor executor;
    /** The scheduled entries: entry {@code c - 1} has cookie {@code c}. */
    private final List<ShutdownNode> entries = new ArrayList<>();
    /** Each scheduled device's cookie, by index (0: not scheduled). */
    private final Map<Integer, Long> cookies = new HashMap<>();
    /** How many entries, from cookie 1 on, have all returned. */
    private int returned;

    AsyncDomain(ShutdownExecutor executor) {
        this.executor = executor;
    }

    /** async_schedule_domain(): the device's entry and its cookie. */
    long schedule(ShutdownNode dev) {
        entries.add(dev);
        long cookie = entries.size();
        cookies.put(dev.index(), cookie);
        return cookie;
    }

    /** async_synchronize_cookie_domain(target), as awaited by the device's own entry. */
    Condition synchronizeCookie(ShutdownNode dev, long target) {
        String description = "async_synchronize_cookie_domain(" + target + ") with its own cookie "
                + cookies.getOrDefault(dev.index(), 0L);
        return executor.condition(description, () -> lowestInProgress() >= target, () -> pending(dev, target));
    }

    /**
     * lowest_in_progress(): the cookie of the first entry of the domain that has not returned (one above the last
     * cookie when none is left). Entries return for good, so the scan only moves forward.
     */
    private long lowestInProgress() {
        while (returned < entries.size() && executor.finished(entries.get(returned))) {
            returned++;
        }
        return returned + 1L;
    }

    /** The entries below target not yet returned; the device's own entry last, so that a cycle names others. */
    private Collection<ShutdownNode> pending(ShutdownNode dev, long target) {
        List<ShutdownNode> out = new ArrayList<>();
        boolean self = false;
        long upTo = Math.min(target - 1, entries.size());
        // Every entry below the lowest in progress has returned: start there (the pool keeps this short).
        for (long c = lowestInProgress(); c <= upTo; c++) {
            ShutdownNode e = entries.get((int) c - 1);
            if (executor.finished(e)) {
                continue;
            }
            if (e == dev) {
                self = true;
            } else {
                out.add(e);
            }
        }
        if (self) {
            out.add(dev);
        }
        return out;
    }
}
