package org.drivercore.shutdown.internal;

/**
 * The configuration of the shutdown coordinator, PID {@value ShutdownCoordinator#PID} (the distribution's
 * {@code conf/org.drivercore.shutdown.cfg}). DS maps {@code kernel_pool} to {@code kernel.pool} and so on.
 */
@interface ShutdownConfig {

    /** The strategy of the system shutdown (framework stop, {@code dc:shutdown} without {@code --strategy}). */
    String strategy() default "dag";

    /** The global async switch: {@code off}, {@code opt-in} (a device or its driver opted in) or {@code all}. */
    String async() default "opt-in";

    /**
     * The worker pool of strategies that do not emulate the kernel ({@code dag}, and any deployed strategy
     * that does not say {@code strategy.pool=kernel}); 0 means the number of processors.
     */
    int pool() default 0;

    /**
     * The worker pool of the strategies that emulate the kernel ({@code serial}, {@code two-pass},
     * {@code cookie-chain}, {@code completions}): the kernel's async pool, which async_schedule() queues on an
     * unbound workqueue; the Hayes v8 reports saw 210-253 threads against a limit of 256 active works.
     */
    int kernel_pool() default 256;

    /** Real time per emulated time of a real-clock run (0.1: a 4.5 s NVMe shutdown takes 450 ms). */
    double timescale() default 0.1;

    /**
     * The system deadline of a real-clock run, in emulated ms; 0 for none. Unfinished devices are then
     * reported as timed out and the power-off goes on: a deadlocking strategy cannot hang the container
     * (600 s emulated is 6 s at the default time scale). Virtual-clock runs end by themselves as soon as nothing
     * can change any more, and use no deadline.
     */
    long deadline_ms() default 300_000;

    /** How long without any device finishing before the hang tracker reports (emulated ms). */
    long hang_period_ms() default 15_000;
}
