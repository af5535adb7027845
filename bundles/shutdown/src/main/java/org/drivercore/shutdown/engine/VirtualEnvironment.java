package org.drivercore.shutdown.engine;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Simulated time on one thread: a run is instant and deterministic. With a seed, each task asked to run
 * "soon" is delayed, with probability 20 %, by 0–5 ms of emulated time, as Fuchsia's shutdown tests inject
 * delays; the same seed replays the same interleaving.
 */
public final class VirtualEnvironment implements Environment {

    /** How often a run looks whether its thread was interrupted: every 1024 events. */
    private static final int INTERRUPT_CHECK_MASK = 1023;
    private boolean interrupted;

    @Override
    public boolean interrupted() {
        return interrupted;
    }

    private record Event(long time, long seq, Runnable task, boolean daemon) {
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>(
            (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    /** Tasks due at the current time, in the order they were asked for. */
    private final ArrayDeque<Event> soon = new ArrayDeque<>();
    private final Random jitter;
    private long now;
    private long seq;
    private int liveEvents;

    public VirtualEnvironment() {
        this.jitter = null;
    }

    /** With seeded random delays. */
    public VirtualEnvironment(long seed) {
        this.jitter = new Random(seed);
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public void schedule(long delayNanos, Runnable task, boolean daemon) {
        queue.add(new Event(now + Math.max(0, delayNanos), seq++, task, daemon));
        if (!daemon) {
            liveEvents++;
        }
    }

    @Override
    public void execute(Runnable task) {
        long delay = 0;
        if (jitter != null && jitter.nextInt(5) == 0) {
            delay = jitter.nextInt(5_000_001);
        }
        if (delay == 0) {
            // Due now: after everything already due now, before anything later. A FIFO keeps that order without
            // the heap: every event in it is due at the current time.
            soon.add(new Event(now, seq++, task, false));
            liveEvents++;
        } else {
            schedule(delay, task, false);
        }
    }

    @Override
    public boolean runUntil(BooleanSupplier done) {
        int steps = 0;
        while (!done.getAsBoolean()) {
            if (liveEvents == 0) {
                return false;
            }
            if ((++steps & INTERRUPT_CHECK_MASK) == 0 && Thread.interrupted()) {
                interrupted = true;
                return false;
            }
            Event head = queue.peek();
            Event first = soon.peek();
            Event e = first != null && (head == null || head.time > now || head.seq > first.seq) ? soon.poll() : queue.poll();
            if (!e.daemon) {
                liveEvents--;
            }
            now = e.time;
            e.task.run();
        }
        return true;
    }
}
