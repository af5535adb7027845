package org.drivercore.shutdown.engine;

/**
 * The clock and scheduler seam. Times are emulated nanoseconds: with the virtual environment they are
 * simulated; with the real one they are wall-clock time divided by the time scale.
 */
public interface Environment {

    /** Emulated nanoseconds since the environment started. */
    long now();

    /**
     * Runs the task after the emulated delay. A daemon task (the hang tracker's tick) does not keep a virtual
     * run alive: when only daemon tasks are left, nothing can change any more.
     */
    void schedule(long delayNanos, Runnable task, boolean daemon);

    /** Runs the task soon, after those already asked for. */
    void execute(Runnable task);

    /**
     * Runs until {@code done} says so, or until nothing but daemon tasks is left (a virtual run that can no
     * longer change). Returns whether it was done.
     */
    boolean runUntil(java.util.function.BooleanSupplier done);

    /** Frees what the environment holds (threads of the real one). */
    default void close() {
    }

    /**
     * Whether {@link #runUntil} stopped because the waiting thread was interrupted (Ctrl-C in the shell). The thread's
     * interrupt status is cleared by then: a thread that is still marked interrupted closes Gogo's output channel at
     * its next write.
     */
    default boolean interrupted() {
        return false;
    }
}
