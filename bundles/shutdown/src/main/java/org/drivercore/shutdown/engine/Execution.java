package org.drivercore.shutdown.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
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
final class Execution implements ShutdownExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(Execution.class);

    private final ShutdownGraph graph;
    private final ShutdownStrategy strategy;
    private final Environment env;
    private final EngineOptions options;
    private final ReentrantLock lock = new ReentrantLock();

    private final NodeTable nodes;
    private final Threads threads;
    private final HangTracker tracker;
    /** Threads taken, with when; a span is open while its program holds the thread. */
    private final List<ThreadSpan> spans = new ArrayList<>();
    private final long[] spanStart;
    private final long[] spanStartSeq;
    private long threadEvents;
    private final Waits waits;

    private final Deque<ProgramRun> mainQueue = new ArrayDeque<>();
    private final Deque<ProgramRun> poolQueue = new ArrayDeque<>();
    private int livePrograms;
    /** Programs that hold a thread. */
    private final Set<ProgramRun> running = new LinkedHashSet<>();

    private boolean deadlineHit;
    /** The run is over (barrier released or given up). Read without the lock by the thread that waits for the run. */
    private volatile boolean ended;
    /** Engine tasks and driver timers not yet run: with none and no callback running, nothing can change. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private long makespan = -1;

    Execution(ShutdownGraph graph, ShutdownStrategy strategy, Environment env, EngineOptions options) {
        this.graph = graph;
        this.strategy = strategy;
        this.env = env;
        this.options = options;
        this.nodes = new NodeTable(graph.size());
        this.threads = new Threads(options.poolSize());
        this.tracker = new HangTracker(graph, nodes, strategy.name(), options.hangPeriod(), options.poolSize());
        this.spanStart = new long[options.poolSize() + 1];
        this.spanStartSeq = new long[options.poolSize() + 1];
        this.waits = new Waits(nodes);
    }

    RunResult run() {
        long t0 = env.now();
        if (t0 != 0) {
            throw new IllegalStateException("an environment serves one run: it is already at " + t0);
        }
        locked(() -> {
            strategy.plan(graph, this);
            options.deadline().ifPresent(d -> timer(d.toNanos(), this::deadline));
            armHangTracker();
            dispatch();
            checkBarrier();
        });
        boolean done = env.runUntil(() -> ended);
        if (!done && Thread.currentThread().isInterrupted()) {
            locked(() -> giveUp(Outcome.SKIPPED, "the run was interrupted"));
        } else if (!done) {
            // Nothing can change any more and no deadline will come: report the hang once and end the run.
            locked(this::stuck);
        }
        env.close();
        for (ProgramRun c : running) {
            spans.add(new ThreadSpan(Threads.name(c.thread), c.program.name(), spanStart[c.thread], makespan,
                    spanStartSeq[c.thread], threadEvents++));
        }
        return new RunResult(strategy.name(), graph.name(), options.poolSize(), makespan, nodes.records(graph),
                threads.peak(), tracker.reports(), tracker.waitCycle(), deadlineHit, spans);
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
        locked(() -> {
            livePrograms++;
            mainQueue.add(new ProgramRun(program, ProgramRun.Lane.MAIN));
            dispatch();
        });
    }

    @Override
    public void pool(Program program) {
        locked(() -> {
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
        return waits.allFinished(waitedOn, description);
    }

    @Override
    public Condition condition(String description, BooleanSupplier test, Supplier<Collection<ShutdownNode>> waitingOn) {
        return Waits.custom(description, test, waitingOn);
    }

    // ---------------------------------------------------------------- threads

    /** Gives free threads to queued programs: main to the next main program, workers first come first served. */
    private void dispatch() {
        if (!ended) {
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
        }
    }

    /**
     * What a queued pool program can do without a thread: begin a wait that releases its thread (it waits
     * parked, as if it had taken a worker and given it back at once), or end when no step is left (after a
     * {@code Run(node, RELEASE)}). Without this, every program queued with an unmet RELEASE wait took a worker
     * only to find that out, and a strategy whose waits hold nothing showed min(programs, pool) peak threads.
     */
    private boolean settledWithoutThread(ProgramRun c) {
        if (c.done()) {
            livePrograms--;
            checkBarrier();
            return true;
        }
        if (c.next() instanceof Program.Await w && w.hold() == Hold.RELEASE) {
            // Kept, so that the step goes on with the condition made when it began.
            c.waitingFor = c.waitingFor != null ? c.waitingFor : w.condition().get();
            if (!c.waitingFor.satisfied()) {
                waits.begin(c, c.waitingFor);
                return true;
            }
        }
        return false;
    }

    private void giveThread(ProgramRun c, int thread) {
        c.thread = thread;
        spanStart[thread] = env.now();
        spanStartSeq[thread] = threadEvents++;
        running.add(c);
        post(() -> advance(c));
    }

    private void releaseThread(ProgramRun c) {
        if (!c.holdsThread()) {
            return;
        }
        threads.release(c.thread);
        spans.add(new ThreadSpan(Threads.name(c.thread), c.program.name(), spanStart[c.thread], env.now(),
                spanStartSeq[c.thread], threadEvents++));
        c.thread = Threads.NONE;
        running.remove(c);
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
                    work.whenComplete((v, e) -> post(() -> finish(s.node(), e)));
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
            work.whenComplete((v, e) -> post(() -> {
                finish(r.node(), e);
                requeue(c);
            }));
        } else {
            work.whenComplete((v, e) -> post(() -> {
                finish(r.node(), e);
                advance(c);
            }));
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
        int holds = lock.getHoldCount();
        for (int h = 0; h < holds; h++) {
            lock.unlock();
        }
        try {
            DriverContext context = new DriverContext(env, options, this::timer, n.path(),
                    text -> locked(() -> nodes.note(n.index(), text)));
            CompletionStage<Void> work = Callouts.call(() -> n.callback().run(context), CompletableFuture::failedFuture);
            return work == null ? CompletableFuture.completedFuture(null) : work;
        } finally {
            for (int h = 0; h < holds; h++) {
                lock.lock();
            }
        }
    }

    /** The node's completion: complete_all() after its callbacks, whether they worked or not. */
    private void finish(ShutdownNode n, Throwable failure) {
        int i = n.index();
        if (nodes.isFinished(i)) {
            return;
        }
        if (failure != null) {
            Throwable cause = Callouts.unwrap(failure);
            StringBuilder text = new StringBuilder(cause.toString());
            for (Throwable also : cause.getSuppressed()) {
                text.append("; also ").append(also);
            }
            // A driver that gave up waiting for its hardware (nvme's "Device not ready; aborting shutdown") says so with
            // a TimeoutException: the device timed out, and the shutdown went on.
            Outcome outcome = cause instanceof TimeoutException ? Outcome.TIMED_OUT : Outcome.FAILED;
            nodes.finished(i, env.now(), outcome, text.toString());
            LOG.warn("Shutdown of {} {}: {}", n.path(), outcome == Outcome.TIMED_OUT ? "timed out" : "failed", text);
        } else {
            nodes.finished(i, env.now(), Outcome.DONE, "");
        }
        wakeWaitersOf(i);
        checkBarrier();
    }

    /** Node {@code finished} just finished: the programs it releases go on, in the order they began to wait. */
    private void wakeWaitersOf(int finished) {
        for (ProgramRun c : waits.wokenBy(finished)) {
            if (c.holdsThread()) {
                post(() -> advance(c));
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
        if (ended || livePrograms > 0) {
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
        locked(() -> {
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
        env.schedule(options.hangPeriod().toNanos(), () -> locked(() -> {
            if (ended) {
                return;
            }
            tracker.tick(look());
            if (inFlight.get() == 0 && nodes.noneRunning()) {
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
        return new HangTracker.Look(waits.waiting(), mainQueue, poolQueue, running, threads.workerFree(), env.now());
    }

    // ---------------------------------------------------------------- tasks and timers

    /** An engine task, run under the lock; counted until it has run. */
    private void post(Runnable task) {
        inFlight.incrementAndGet();
        env.execute(() -> {
            try {
                locked(task);
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    /** A timer of the engine or of a driver's wait; counted until it has run. */
    private void timer(long delayNanos, Runnable task) {
        inFlight.incrementAndGet();
        env.schedule(delayNanos, () -> {
            try {
                task.run();
            } finally {
                inFlight.decrementAndGet();
            }
        }, false);
    }

    private void locked(Runnable r) {
        lock.lock();
        try {
            r.run();
        } finally {
            lock.unlock();
        }
    }
}
