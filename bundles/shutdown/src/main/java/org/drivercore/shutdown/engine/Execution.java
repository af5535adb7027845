package org.drivercore.shutdown.engine;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.drivercore.api.shutdown.Condition;
import org.drivercore.api.shutdown.Program;
import org.drivercore.api.shutdown.Program.Hold;
import org.drivercore.api.shutdown.ShutdownExecutor;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.api.shutdown.ShutdownStrategy;
import org.drivercore.common.callout.Callouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run: interprets the strategy's programs on two kinds of thread (main, and a bounded pool of workers),
 * keeps each node's completion, runs the system deadline, and releases the final barrier when every node has
 * finished. All state is guarded by one lock; the environment decides whether time is simulated or real. The
 * {@link HangTracker} watches it; {@code docs/design.md} draws the states of a program and of a node.
 */
final class Execution implements ShutdownExecutor, DriverContext.Notes {

    private static final Logger LOG = LoggerFactory.getLogger(Execution.class);

    private final ShutdownGraph graph;
    private final ShutdownStrategy strategy;
    private final Environment env;
    private final EngineOptions options;
    private final RunLock lock;
    private final DriverTimers driverTimers;
    private final NodeTable nodes;
    private final Threads threads;
    private final HangTracker tracker;
    private final Holders holders;
    private final Waits waits;
    private final Deque<ProgramRun> mainQueue = new ArrayDeque<>();
    private final Deque<ProgramRun> poolQueue = new ArrayDeque<>();
    /** Pool programs whose next step runs a node without work, released: they go on without a thread. */
    private final Deque<ProgramRun> settling = new ArrayDeque<>();
    private boolean draining;
    private int livePrograms;

    private boolean deadlineHit;
    /** While the strategy plans: programs queue, but none gets a thread and the clock has not started. */
    private boolean planning;
    /** Real time the plan took, before the clock started; not part of the makespan. */
    private long planNanos;
    /** Emulated time between a callback's completion and the engine taking note of it (hand-offs, the lock). */
    private long overheadNanos;
    /** The run is over (barrier released or given up). Read without the lock by the thread that waits for the run. */
    private volatile boolean ended;
    private long makespan = -1;

    Execution(ShutdownGraph graph, ShutdownStrategy strategy, Environment env, EngineOptions options) {
        this.graph = graph;
        this.strategy = strategy;
        this.env = env;
        this.options = options;
        this.nodes = new NodeTable(graph.size());
        this.threads = new Threads(options.poolSize());
        this.tracker = new HangTracker(graph, nodes, strategy.name(), options.hangPeriod(), options.poolSize(),
                !(env instanceof VirtualEnvironment));
        this.holders = new Holders(options.poolSize());
        this.lock = new RunLock(env);
        this.driverTimers = new DriverTimers(lock);
        this.waits = new Waits(graph, nodes);
    }

    RunResult run() {
        // The plan is made before the clock starts: on a cold JVM it delayed the first device by emulated seconds.
        long planStart = System.nanoTime();
        lock.locked(() -> {
            planning = true;
            try {
                strategy.plan(graph, this);
            } finally {
                planning = false;
            }
        });
        planNanos = System.nanoTime() - planStart;
        long t0 = env.now();
        if (t0 != 0) {
            throw new IllegalStateException("an environment serves one run: it is already at " + t0);
        }
        lock.locked(() -> {
            options.deadline().ifPresent(d -> lock.timer(d.toNanos(), this::deadline));
            armHangTracker();
            settle();
            dispatch();
            checkBarrier();
        });
        boolean done = env.runUntil(() -> ended);
        if (!done) {
            // Interrupted: given up. Else nothing can change any more and no deadline will come: the hang, reported once.
            lock.locked(env.interrupted() ? () -> giveUp(Outcome.SKIPPED, "the run was interrupted") : this::stuck);
        }
        env.close();
        driverTimers.endOpenWaits();
        if (env.interrupted()) {
            throw new CancellationException("interrupted: the " + strategy.name() + " run was given up");
        }
        return new RunResult(strategy.name(), graph.name(), options.poolSize(), makespan, nodes.records(graph),
                threads.peak(), tracker.reports(), tracker.waitCycle(), deadlineHit, holders.spans(makespan),
                new RunResult.Overhead(planNanos, overheadNanos));
    }

    // ---------------------------------------------------------------- ShutdownExecutor

    @Override
    public ShutdownGraph graph() {
        return graph;
    }

    @Override
    public int poolSize() {
        return options.poolSize();
    }

    @Override
    public void main(Program program) {
        lock.locked(() -> {
            livePrograms++;
            mainQueue.add(new ProgramRun(program, ProgramRun.Lane.MAIN));
            dispatch();
        });
    }

    @Override
    public void pool(Program program) {
        lock.locked(() -> {
            livePrograms++;
            queueForWorker(new ProgramRun(program, ProgramRun.Lane.POOL));
            dispatch();
        });
    }

    @Override
    public boolean finished(ShutdownNode node) {
        return nodes.isFinished(node.index());
    }

    @Override
    public Condition allFinished(Collection<ShutdownNode> waitedOn, String description) {
        return allFinished(waitedOn, () -> description);
    }

    @Override
    public Condition allFinished(Collection<ShutdownNode> waitedOn, Supplier<String> description) {
        return waits.allFinished(waitedOn, description);
    }

    @Override
    public Condition condition(String description, BooleanSupplier test, Supplier<Collection<ShutdownNode>> waitingOn) {
        return Waits.custom(description, test, waitingOn);
    }

    // ---------------------------------------------------------------- threads

    /** Gives free threads to queued programs: main to the next main program, workers first come first served. */
    private void dispatch() {
        if (!ended && !planning) {
            threads.dispatch(mainQueue, poolQueue, this::giveThread);
        }
    }

    /**
     * Queues a pool program for a worker, unless it can settle without one. Settling is decided once, here: what
     * it depends on (the program's next step, a condition that holds) does not change while the program waits
     * in the queue.
     */
    private void queueForWorker(ProgramRun c) {
        if (ended || !settledWithoutThread(c)) {
            poolQueue.add(c);
        } else {
            settle();
        }
    }

    /**
     * What a queued pool program can do without a thread: begin a wait that releases its thread (it waits
     * parked, as if it had taken a worker and given it back at once), or end when no step is left (after a
     * {@code Run(node, RELEASE)}). Without this, every program queued with an unmet RELEASE wait took a worker
     * only to find that out, and a strategy whose waits hold nothing showed min(programs, pool) peak threads.
     */
    private boolean settledWithoutThread(ProgramRun c) {
        if (!c.done() && c.next() instanceof Program.Await w && w.hold() == Hold.RELEASE) {
            // Kept, so that the step goes on with the condition made when it began.
            c.waitingFor = c.waitingFor != null ? c.waitingFor : w.condition().get();
            if (!c.waitingFor.satisfied()) {
                waits.begin(c, c.waitingFor);
                return true;
            }
            // It holds already: the step passes without a thread, as it would pass at once on one.
            c.waitingFor = null;
            c.nextStep++;
        }
        if (c.done()) {
            livePrograms--;
            checkBarrier();
            return true;
        }
        if (c.next() instanceof Program.Run r && r.hold() == Hold.RELEASE && !r.node().hasWork()) {
            // An ordering-only node, released: nothing to run, so no thread (a hand-off per node added up to hundreds
            // of emulated milliseconds before the first device with work could start on a cold JVM).
            settling.add(c);
            return true;
        }
        return false;
    }

    /**
     * Completes the ordering-only nodes of {@link #settling}, each program going on to its next step: a loop, so a long
     * chain of them needs no stack. Not while planning: the clock has not started.
     */
    private void settle() {
        if (draining || planning) {
            return;
        }
        draining = true;
        try {
            for (ProgramRun c = settling.poll(); c != null && !ended; c = settling.poll()) {
                Program.Run r = (Program.Run) c.next();
                c.nextStep++;
                begin(r.node(), Threads.NONE);
                queueForWorker(c);
            }
        } finally {
            draining = false;
        }
        dispatch();
    }

    private void giveThread(ProgramRun c, int thread) {
        holders.take(c, thread, env.now());
        lock.post(() -> advance(c));
    }

    private void releaseThread(ProgramRun c) {
        if (!c.holdsThread()) {
            return;
        }
        threads.release(c.thread);
        holders.release(c, env.now());
    }

    /** Asks for a thread again: main programs go first in line, as the main thread resumes where it was. */
    private void requeue(ProgramRun c) {
        if (c.lane == ProgramRun.Lane.MAIN) {
            mainQueue.addFirst(c);
        } else {
            queueForWorker(c);
        }
        dispatch();
    }

    // ---------------------------------------------------------------- the interpreter

    /** Runs the program's steps on the thread it holds until it must wait or ends. */
    private void advance(ProgramRun c) {
        while (!ended && !c.done()) {
            Program.Step step = c.next();
            if (step instanceof Program.Action a) {
                a.action().run();
                c.nextStep++;
            } else if (step instanceof Program.Await w) {
                if (!await(c, w)) {
                    return;
                }
            } else if (step instanceof Program.Run r) {
                c.nextStep++;
                CompletionStage<Void> work = begin(r.node(), c.thread);
                if (work != null) {
                    whenWorkEnds(c, r, work);
                    return;
                }
            } else if (step instanceof Program.Start s) {
                c.nextStep++;
                CompletionStage<Void> work = begin(s.node(), c.thread);
                if (work != null) {
                    work.whenComplete((v, e) -> {
                        long at = env.now();
                        lock.post(() -> finish(s.node(), e, at));
                    });
                }
            }
        }
        if (ended) {
            return;
        }
        releaseThread(c);
        livePrograms--;
        dispatch();
        checkBarrier();
    }

    /** An await step: true when its condition holds and the program goes on; false when it now waits. */
    private boolean await(ProgramRun c, Program.Await w) {
        Condition cond = c.waitingFor != null ? c.waitingFor : w.condition().get();
        if (cond.satisfied()) {
            c.waitingFor = null;
            c.nextStep++;
            return true;
        }
        c.waitingFor = cond;
        waits.begin(c, cond);
        if (w.hold() == Hold.RELEASE) {
            releaseThread(c);
            dispatch();
        }
        return false;
    }

    /** A run step's callback is working: when it ends, the node finishes and the program goes on. */
    private void whenWorkEnds(ProgramRun c, Program.Run r, CompletionStage<Void> work) {
        if (r.hold() == Hold.RELEASE) {
            releaseThread(c);
            dispatch();
            work.whenComplete((v, e) -> {
                long at = env.now();
                lock.post(() -> {
                    finish(r.node(), e, at);
                    requeue(c);
                });
            });
        } else {
            work.whenComplete((v, e) -> {
                long at = env.now();
                lock.post(() -> {
                    finish(r.node(), e, at);
                    advance(c);
                });
            });
        }
    }

    /**
     * Starts a node's callback. Returns its stage, or null when the node finished at once (no callback, an
     * immediate result, a throw) or cannot start.
     */
    private CompletionStage<Void> begin(ShutdownNode n, int thread) {
        int i = n.index();
        if (nodes.state(i) != NodeTable.State.WAITING) {
            LOG.warn("Strategy '{}' started {} twice; the second start is ignored", strategy.name(), n.path());
            return null;
        }
        nodes.started(i, env.now(), thread);
        if (!n.hasWork()) {
            finish(n, null);
            return null;
        }
        CompletableFuture<Void> work = callDriver(n).toCompletableFuture();
        if (work.isDone()) {
            finish(n, work.isCompletedExceptionally() ? work.handle((v, e) -> e).join() : null);
            return null;
        }
        return work;
    }

    /**
     * Calls the node's callback without the engine's lock: a driver that blocks must not stop the deadline, the
     * hang tracker or the other threads. What it throws counts as its failure.
     */
    private CompletionStage<Void> callDriver(ShutdownNode n) {
        return lock.unlocked(() -> {
            DriverContext context = new DriverContext(env, options, driverTimers, n.path(), n.index(), this);
            CompletionStage<Void> work = Callouts.call(() -> n.callback().run(context), CompletableFuture::failedFuture);
            return work == null ? CompletableFuture.completedFuture(null) : work;
        });
    }

    private void finish(ShutdownNode n, Throwable failure) {
        finish(n, failure, env.now());
    }

    /**
     * The node's completion: complete_all() after its callbacks, whether they worked or not. It ended when its work
     * completed ({@code at}); the time until the engine got to it is the engine's, counted as overhead.
     */
    private void finish(ShutdownNode n, Throwable failure, long at) {
        int i = n.index();
        if (nodes.isFinished(i)) {
            return;
        }
        long now = env.now();
        long end = Math.min(at, now);
        overheadNanos += now - end;
        if (failure != null) {
            Throwable cause = Callouts.unwrap(failure);
            Outcome outcome = Outcome.of(cause);
            String text = Outcome.describe(cause);
            nodes.finished(i, end, outcome, text);
            LOG.warn("Shutdown of {} {}: {}", n.path(), outcome == Outcome.TIMED_OUT ? "timed out" : "failed", text);
        } else {
            nodes.finished(i, end, Outcome.DONE, "");
        }
        wakeWaitersOf(i);
        checkBarrier();
    }

    /** Node {@code finished} just finished: the programs it releases go on, in the order they began to wait. */
    private void wakeWaitersOf(int finished) {
        for (ProgramRun c : waits.wokenBy(finished)) {
            if (c.holdsThread()) {
                lock.post(() -> advance(c));
            } else {
                requeue(c);
            }
        }
    }

    // ---------------------------------------------------------------- barrier, deadline, hang tracker

    /**
     * The final barrier (async_synchronize_full): released when every node has finished and every program
     * has ended. If every program ended and nodes remain that nothing runs, the strategy left them out.
     */
    private void checkBarrier() {
        if (ended || planning || livePrograms > 0) {
            return;
        }
        if (nodes.finishedCount() == graph.size()) {
            makespan = env.now();
            ended = true;
        } else if (nodes.noneRunning()) {
            giveUp(Outcome.SKIPPED, "no program of strategy '" + strategy.name() + "' ran it");
        }
    }

    private void deadline() {
        lock.locked(() -> {
            if (ended) {
                return;
            }
            deadlineHit = true;
            LOG.warn("System deadline of {} reached with {} of {} devices unfinished: they are given up, power-off proceeds",
                    options.deadline().orElseThrow(), graph.size() - nodes.finishedCount(), graph.size());
            tracker.report("the system deadline of " + options.deadline().orElseThrow() + " is reached", look());
            giveUp(null, "unfinished at the system deadline");
        });
    }

    /** Ends the run now: running nodes time out, the others are skipped (or get the given outcome). */
    private void giveUp(Outcome forWaiting, String why) {
        for (int i = 0; i < graph.size(); i++) {
            if (nodes.isFinished(i)) {
                continue;
            }
            boolean wasRunning = nodes.state(i) == NodeTable.State.RUNNING;
            nodes.finished(i, env.now(), wasRunning ? Outcome.TIMED_OUT : forWaiting == null ? Outcome.SKIPPED : forWaiting,
                    why);
        }
        makespan = env.now();
        ended = true;
    }

    /** Nothing can change any more: one forced hang report (naming a wait-for cycle if any), then the run ends. */
    private void stuck() {
        tracker.report("no device can finish any more", look());
        List<String> cycle = tracker.waitCycle();
        giveUp(Outcome.SKIPPED, "the run could not go on: " + (cycle.isEmpty() ? "nothing left to run"
                : "wait-for cycle " + String.join(" -> ", cycle)));
    }

    private void armHangTracker() {
        env.schedule(options.hangPeriod().toNanos(), () -> lock.locked(() -> {
            if (ended) {
                return;
            }
            tracker.tick(this::look);
            if (lock.idle() && nodes.noneRunning()) {
                // No callback runs and no task or timer is pending: nothing can change any more. The virtual
                // environment sees this by itself; on the real clock without a deadline it would wait forever.
                stuck();
                return;
            }
            armHangTracker();
        }), true);
    }

    /** The run as the hang tracker sees it now. */
    private HangTracker.Look look() {
        return new HangTracker.Look(waits.waiting(), mainQueue, poolQueue, holders.running(), threads.workerFree(), env.now());
    }

    // ---------------------------------------------------------------- what a driver's context reaches

    @Override
    public void note(int node, String text) {
        lock.locked(() -> nodes.note(node, text));
    }
}
