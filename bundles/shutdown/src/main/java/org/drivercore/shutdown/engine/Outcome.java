package org.drivercore.shutdown.engine;

/** How a node's shutdown ended. */
public enum Outcome {
    /** The callback finished (or the node had no callback and only ordered). */
    DONE,
    /** The callback threw or its stage completed exceptionally; the rest went on. */
    FAILED,
    /**
     * Still unfinished when the system deadline ended the wait, or given up by its driver, whose stage failed with a
     * {@link java.util.concurrent.TimeoutException} (the hardware did not answer in time; the shutdown went on).
     */
    TIMED_OUT,
    /** Never started: the run ended (deadline or a hang with nothing left to happen) before its turn. */
    SKIPPED;

    /**
     * How a callback that failed ended: a driver that gave up waiting for its hardware (nvme's "Device not ready;
     * aborting shutdown") says so with a {@link java.util.concurrent.TimeoutException}: the device timed out, and the
     * shutdown went on.
     */
    static Outcome of(Throwable cause) {
        return cause instanceof java.util.concurrent.TimeoutException ? TIMED_OUT : FAILED;
    }

    /** The failure and what it suppressed, in one line. */
    static String describe(Throwable cause) {
        StringBuilder text = new StringBuilder(cause.toString());
        for (Throwable also : cause.getSuppressed()) {
            text.append("; also ").append(also);
        }
        return text.toString();
    }
}
