package org.drivercore.shutdown.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.drivercore.api.ShutdownContext;
import org.drivercore.api.ShutdownMode;
import org.drivercore.api.shutdown.Condition;
import org.drivercore.api.shutdown.Program;
import org.drivercore.api.shutdown.Program.Hold;
import org.drivercore.api.shutdown.ShutdownExecutor;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.api.shutdown.ShutdownStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run: interprets the strategy's programs on two kinds of thread (main, and a bounded pool of workers),
 * keeps each node's completion and the trace, runs the hang tracker and the system deadline, and releases
 * the final barrier when every node has finished. All state is guarded by one lock; the environment decides
 * whether time is simulated or real.
 */
final class Execution implements ShutdownExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(Execution.class);
    private static final String MAIN = "main";
    /** How many unfinished devices one hang report lists. */
    private static final int MAX_LISTED = 50;
    /** How many devices one line of a hang report names as waited on. */
    private static final int MAX_WAITED_ON = 8;

    private enum Lane { MAIN, POOL }

    private enum State { WAITING, RUNNING, FINISHED }

    /** A program and where it stands; {@code worker} is the thread it holds, or null. */
    private static final class Cont {
        final Program program;
        final Lane lane;
        int pc;
        String worker;
        Condition waitingFor;
        /** When it began its current wait: waiters are woken in this order. */
        long waitSeq;

        Cont(Program program, Lane lane) {
            this.program = program;
            this.lane = lane;
        }
    }

    private final ShutdownGraph graph;
    private final ShutdownStrategy strategy;
    private final Environment env;
    private final EngineOptions options;
    private final ReentrantLock lock = new ReentrantLock();

    private final State[] states;
    private final long[] start;
    private final long[] end;
    private final Outcome[] outcome;
    private final String[] thread;
    private final String[] detail;
    private int finishedCount;

    private final Deque<Cont> mainQueue = new ArrayDeque<>();
    private final Deque<Cont> poolQueue = new ArrayDeque<>();
    private boolean mainBusy;
    private final TreeSet<Integer> freeWorkers = new TreeSet<>();
    private int busy;
    private int peak;
    private int livePrograms;
    /** Every waiting program with what it waits for, in the order they began to wait (for reports). */
    private final Map<Cont, Condition> waiters = new LinkedHashMap<>();
    private long waitSeq;
    /**
     * Programs waiting on an {@link AllFinished}, filed under its first unfinished node: only that node's finish
     * can make it hold, so a finish looks at those programs alone instead of at every waiter.
     */
    private final Map<Integer, List<Cont>> watchers = new HashMap<>();
    /** Programs waiting on a condition of the strategy's own: re-evaluated at every finish, as documented. */
    private final Set<Cont> scanned = new LinkedHashSet<>();
    private final Set<Cont> running = new LinkedHashSet<>();

    private final List<String> hangReports = new ArrayList<>();
    private List<String> waitCycle = List.of();
    private int finishedAtLastTick;
    private boolean deadlineHit;
    /** Read without the lock by the thread that waits for the run. */
    private volatile boolean over;
    /** Engine tasks and driver timers not yet run: with none and no callback running, nothing can change. */
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private long makespan = -1;

    Execution(ShutdownGraph graph, ShutdownStrategy strategy, Environment env, EngineOptions options) {
        this.graph = graph;
        this.strategy = strategy;
        this.env = env;
        this.options = options;
        int n = graph.size();
        states = new State[n];
        start = new long[n];
        end = new long[n];
        outcome = new Outcome[n];
        thread = new String[n];
        detail = new String[n];
        for (int i = 0; i < n; i++) {
            states[i] = State.WAITING;
            start[i] = -1;
            end[i] = -1;
            detail[i] = "";
        }
        for (int w = 0; w < options.poolSize(); w++) {
            freeWorkers.add(w);
        }
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
        boolean done = env.runUntil(() -> over);
        if (!done && Thread.currentThread().isInterrupted()) {
            locked(() -> giveUp(Outcome.SKIPPED, "the run was interrupted"));
        } else if (!done) {
            // Nothing can change any more and no deadline will come: report the hang once and end the run.
            locked(this::stuck);
        }
        env.close();
        List<NodeRecord> records = new ArrayList<>(graph.size());
        for (ShutdownNode n : graph.nodes()) {
            int i = n.index();
            records.add(new NodeRecord(i, n.path(), n.async(), n.hasWork(), start[i], end[i], outcome[i],
                    thread[i], detail[i]));
        }
        return new RunResult(strategy.name(), graph.name(), options.poolSize(), makespan, records, peak, hangReports,
                waitCycle, deadlineHit);
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
            mainQueue.add(new Cont(program, Lane.MAIN));
            dispatch();
        });
    }

    @Override
    public void pool(Program program) {
        locked(() -> {
            livePrograms++;
            queueForWorker(new Cont(program, Lane.POOL));
            dispatch();
        });
    }

    @Override
    public boolean finished(ShutdownNode node) {
        return states[node.index()] == State.FINISHED;
    }

    @Override
    public Condition allFinished(Collection<ShutdownNode> nodes, String description) {
        return new AllFinished(List.copyOf(nodes), description);
    }

    /** Holds when every node has finished. Finished nodes never come back, so its scan only moves forward. */
    private final class AllFinished implements Condition {
        private final List<ShutdownNode> nodes;
        private final String description;
        private int next;

        AllFinished(List<ShutdownNode> nodes, String description) {
            this.nodes = nodes;
            this.description = description;
        }

        /** The first node not finished yet, or null when all are. */
        ShutdownNode firstUnfinished() {
            while (next < nodes.size() && finished(nodes.get(next))) {
                next++;
            }
            return next < nodes.size() ? nodes.get(next) : null;
        }

        @Override
        public boolean satisfied() {
            return firstUnfinished() == null;
        }

        @Override
        public Collection<ShutdownNode> waitingOn() {
            firstUnfinished();
            return nodes.subList(next, nodes.size()).stream().filter(n -> !finished(n)).toList();
        }

        @Override
        public String describe() {
            return description;
        }
    }

    @Override
    public Condition condition(String description, BooleanSupplier test, Supplier<Collection<ShutdownNode>> waitingOn) {
        return new Condition() {
            @Override
            public boolean satisfied() {
                return test.getAsBoolean();
            }

            @Override
            public Collection<ShutdownNode> waitingOn() {
                return waitingOn.get();
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    // ---------------------------------------------------------------- threads

    /** Gives free threads to queued programs: main to the next main program, workers first come first served. */
    private void dispatch() {
        if (over) {
            return;
        }
        if (!mainBusy && !mainQueue.isEmpty()) {
            Cont c = mainQueue.poll();
            mainBusy = true;
            take(c, MAIN);
        }
        while (!freeWorkers.isEmpty() && !poolQueue.isEmpty()) {
            take(poolQueue.poll(), "worker-" + freeWorkers.pollFirst());
        }
    }

    /**
     * Queues a pool program for a worker, unless it can settle without one. Settling is decided once, here: what
     * it depends on (the program's next step, a condition that holds) does not change while the program waits
     * in the queue.
     */
    private void queueForWorker(Cont c) {
        if (over || !settledWithoutThread(c)) {
            poolQueue.add(c);
        }
    }

    /**
     * What a queued pool program can do without a thread: begin a wait that releases its thread (it waits
     * parked, as if it had taken a worker and given it back at once), or end when no step is left (after a
     * {@code Run(node, RELEASE)}). Without this, every program queued with an unmet RELEASE wait took a worker
     * only to find that out, and a strategy whose waits hold nothing showed min(programs, pool) peak threads.
     */
    private boolean settledWithoutThread(Cont c) {
        List<Program.Step> steps = c.program.steps();
        if (c.pc >= steps.size()) {
            livePrograms--;
            checkBarrier();
            return true;
        }
        if (steps.get(c.pc) instanceof Program.Await w && w.hold() == Hold.RELEASE) {
            Condition cond = c.waitingFor != null ? c.waitingFor : w.condition().get();
            // Kept, so that the step goes on with the condition made when it began.
            c.waitingFor = cond;
            if (!cond.satisfied()) {
                park(c, cond);
                return true;
            }
        }
        return false;
    }

    private void take(Cont c, String worker) {
        c.worker = worker;
        busy++;
        peak = Math.max(peak, busy);
        running.add(c);
        post(() -> steps(c));
    }

    private void release(Cont c) {
        if (c.worker == null) {
            return;
        }
        if (c.worker.equals(MAIN)) {
            mainBusy = false;
        } else {
            freeWorkers.add(Integer.parseInt(c.worker.substring("worker-".length())));
        }
        c.worker = null;
        busy--;
        running.remove(c);
    }

    /** Asks for a thread again: main programs go first in line, as the main thread resumes where it was. */
    private void requeue(Cont c) {
        if (c.lane == Lane.MAIN) {
            mainQueue.addFirst(c);
        } else {
            queueForWorker(c);
        }
        dispatch();
    }

    // ---------------------------------------------------------------- the interpreter

    /** Runs the program's steps on the thread it holds until it must wait or ends. */
    private void steps(Cont c) {
        if (over) {
            return;
        }
        List<Program.Step> steps = c.program.steps();
        while (c.pc < steps.size()) {
            if (over) {
                return;
            }
            Program.Step step = steps.get(c.pc);
            if (step instanceof Program.Action a) {
                a.action().run();
                c.pc++;
            } else if (step instanceof Program.Await w) {
                Condition cond = c.waitingFor != null ? c.waitingFor : w.condition().get();
                if (cond.satisfied()) {
                    c.waitingFor = null;
                    c.pc++;
                    continue;
                }
                c.waitingFor = cond;
                park(c, cond);
                if (w.hold() == Hold.RELEASE) {
                    release(c);
                    dispatch();
                }
                return;
            } else if (step instanceof Program.Run r) {
                c.pc++;
                CompletionStage<Void> work = begin(r.node(), c.worker);
                if (work == null) {
                    continue;
                }
                if (r.hold() == Hold.RELEASE) {
                    release(c);
                    dispatch();
                    work.whenComplete((v, e) -> post(() -> {
                        finish(r.node(), e);
                        requeue(c);
                    }));
                } else {
                    work.whenComplete((v, e) -> post(() -> {
                        finish(r.node(), e);
                        steps(c);
                    }));
                }
                return;
            } else if (step instanceof Program.Start s) {
                c.pc++;
                CompletionStage<Void> work = begin(s.node(), c.worker);
                if (work != null) {
                    work.whenComplete((v, e) -> post(() -> finish(s.node(), e)));
                }
            }
        }
        release(c);
        livePrograms--;
        dispatch();
        checkBarrier();
    }

    /**
     * Starts a node's callback. Returns its stage, or null when the node finished at once (no callback, an
     * immediate result, a throw) or cannot start.
     */
    private CompletionStage<Void> begin(ShutdownNode n, String worker) {
        int i = n.index();
        if (states[i] != State.WAITING) {
            LOG.warn("Strategy '{}' started {} twice; the second start is ignored", strategy.name(), n.path());
            return null;
        }
        states[i] = State.RUNNING;
        start[i] = env.now();
        thread[i] = worker;
        if (!n.hasWork()) {
            finish(n, null);
            return null;
        }
        CompletionStage<Void> work;
        // Driver code runs without the engine's lock: a driver that blocks must not stop the deadline, the
        // hang tracker or the other threads.
        int holds = lock.getHoldCount();
        for (int h = 0; h < holds; h++) {
            lock.unlock();
        }
        try {
            work = n.callback().run(new Context());
            if (work == null) {
                work = CompletableFuture.completedFuture(null);
            }
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
            work = CompletableFuture.failedFuture(e);
        } finally {
            for (int h = 0; h < holds; h++) {
                lock.lock();
            }
        }
        CompletableFuture<Void> f = work.toCompletableFuture();
        if (f.isDone()) {
            Throwable failure = null;
            if (f.isCompletedExceptionally()) {
                failure = f.handle((v, e) -> e).join();
            }
            finish(n, failure);
            return null;
        }
        return work;
    }

    /** The node's completion: complete_all() after its callbacks, whether they worked or not. */
    private void finish(ShutdownNode n, Throwable failure) {
        int i = n.index();
        if (states[i] == State.FINISHED) {
            return;
        }
        states[i] = State.FINISHED;
        end[i] = env.now();
        if (failure != null) {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            outcome[i] = Outcome.FAILED;
            StringBuilder text = new StringBuilder(cause.toString());
            for (Throwable also : cause.getSuppressed()) {
                text.append("; also ").append(also);
            }
            detail[i] = text.toString();
            LOG.warn("Shutdown of {} failed: {}", n.path(), detail[i]);
        } else {
            outcome[i] = Outcome.DONE;
        }
        finishedCount++;
        wakeWaiters(i);
        checkBarrier();
    }

    /** A program begins to wait on a condition that does not hold yet. */
    private void park(Cont c, Condition cond) {
        c.waitSeq = waitSeq++;
        waiters.put(c, cond);
        if (cond instanceof AllFinished all) {
            watchers.computeIfAbsent(all.firstUnfinished().index(), k -> new ArrayList<>()).add(c);
        } else {
            scanned.add(c);
        }
    }

    /** Node {@code finished} just finished: wakes, in the order they began to wait, the programs that may go on. */
    private void wakeWaiters(int finished) {
        List<Cont> ready = new ArrayList<>();
        for (Cont c : watchers.getOrDefault(finished, List.of())) {
            AllFinished all = (AllFinished) waiters.get(c);
            ShutdownNode next = all.firstUnfinished();
            if (next == null) {
                ready.add(c);
            } else {
                watchers.computeIfAbsent(next.index(), k -> new ArrayList<>()).add(c);
            }
        }
        watchers.remove(finished);
        for (Cont c : scanned) {
            if (waiters.get(c).satisfied()) {
                ready.add(c);
            }
        }
        ready.sort(java.util.Comparator.comparingLong(c -> c.waitSeq));
        for (Cont c : ready) {
            waiters.remove(c);
            scanned.remove(c);
            if (c.worker != null) {
                post(() -> steps(c));
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
        if (over || livePrograms > 0) {
            return;
        }
        if (finishedCount == graph.size()) {
            makespan = env.now();
            over = true;
        } else if (noneRunning()) {
            giveUp(Outcome.SKIPPED, "no program of strategy '" + strategy.name() + "' ran it");
        }
    }

    private boolean noneRunning() {
        for (State s : states) {
            if (s == State.RUNNING) {
                return false;
            }
        }
        return true;
    }

    private void deadline() {
        locked(() -> {
            if (over) {
                return;
            }
            deadlineHit = true;
            LOG.warn("System deadline of {} reached with {} of {} devices unfinished: they are given up, power-off proceeds",
                    options.deadline().orElseThrow(), graph.size() - finishedCount, graph.size());
            hangTick(true, "the system deadline of " + options.deadline().orElseThrow() + " is reached");
            giveUp(null, "unfinished at the system deadline");
        });
    }

    /** Ends the run now: running nodes time out, the others are skipped (or get the given outcome). */
    private void giveUp(Outcome forWaiting, String why) {
        for (ShutdownNode n : graph.nodes()) {
            int i = n.index();
            if (states[i] == State.FINISHED) {
                continue;
            }
            boolean wasRunning = states[i] == State.RUNNING;
            states[i] = State.FINISHED;
            end[i] = env.now();
            outcome[i] = wasRunning ? Outcome.TIMED_OUT : forWaiting == null ? Outcome.SKIPPED : forWaiting;
            detail[i] = why;
        }
        makespan = env.now();
        over = true;
    }

    /** Nothing can change any more: one forced hang report (naming a wait-for cycle if any), then the run ends. */
    private void stuck() {
        hangTick(true, "no device can finish any more");
        giveUp(Outcome.SKIPPED, "the run could not go on: " + (waitCycle.isEmpty() ? "nothing left to run"
                : "wait-for cycle " + String.join(" -> ", waitCycle)));
    }

    private void armHangTracker() {
        env.schedule(options.hangPeriod().toNanos(), () -> locked(() -> {
            if (over) {
                return;
            }
            hangTick(false, null);
            if (inFlight.get() == 0 && noneRunning()) {
                // No callback runs and no task or timer is pending: nothing can change any more. The virtual
                // environment sees this by itself; on the real clock without a deadline it would wait forever.
                stuck();
                return;
            }
            armHangTracker();
        }), true);
    }

    /**
     * Fuchsia's removal tracker: when nothing finished for a whole period, log every unfinished node with
     * what it waits for, and name a wait-for cycle if there is one. It never kills anything.
     *
     * @param headline why a forced report is made (a virtual run that cannot change any more, the deadline); a
     *                 periodic one says for how long nothing finished
     */
    private void hangTick(boolean force, String headline) {
        if (!force && finishedCount != finishedAtLastTick) {
            finishedAtLastTick = finishedCount;
            return;
        }
        finishedAtLastTick = finishedCount;
        Map<Integer, Set<Integer>> waitsFor = waitForGraph();
        List<String> cycle = findCycle(waitsFor);
        StringBuilder b = new StringBuilder();
        b.append(headline != null ? headline : "no device finished shutting down for " + options.hangPeriod())
                .append(String.format(" (at %.3f s); %d of %d unfinished:", env.now() / 1e9, graph.size() - finishedCount,
                        graph.size()));
        Map<ShutdownNode, Map.Entry<Cont, Condition>> waitsOf = new HashMap<>();
        for (Map.Entry<Cont, Condition> w : waiters.entrySet()) {
            w.getKey().program.subject().ifPresent(s -> waitsOf.putIfAbsent(s, w));
        }
        Set<ShutdownNode> queued = new java.util.HashSet<>();
        poolQueue.forEach(c -> c.program.subject().ifPresent(queued::add));
        int listed = 0;
        for (ShutdownNode n : graph.nodes()) {
            int i = n.index();
            if (states[i] == State.FINISHED) {
                continue;
            }
            if (listed++ == MAX_LISTED) {
                b.append("\n  ... and ").append(graph.size() - finishedCount - MAX_LISTED).append(" more");
                break;
            }
            b.append("\n  ").append(n.path()).append(": ").append(describeState(n, waitsOf.get(n), queued.contains(n)));
        }
        if (!cycle.isEmpty()) {
            b.append("\n  wait-for cycle: ").append(String.join(" -> ", cycle));
            if (waitCycle.isEmpty()) {
                waitCycle = cycle;
            }
        }
        String report = b.toString();
        if (hangReports.isEmpty() || !hangReports.get(hangReports.size() - 1).equals(report)) {
            LOG.warn("Shutdown ({}) hang: {}", strategy.name(), report);
        }
        hangReports.add(report);
    }

    private String describeState(ShutdownNode n, Map.Entry<Cont, Condition> wait, boolean queued) {
        int i = n.index();
        if (states[i] == State.RUNNING) {
            return "running on " + thread[i] + " since " + String.format("%.3f s", start[i] / 1e9);
        }
        if (wait != null) {
            Collection<ShutdownNode> all = wait.getValue().waitingOn();
            List<String> on = new ArrayList<>(all.stream().limit(MAX_WAITED_ON).map(ShutdownNode::path).toList());
            if (all.size() > MAX_WAITED_ON) {
                on.add("... " + (all.size() - MAX_WAITED_ON) + " more");
            }
            return "waiting" + (wait.getKey().worker != null ? " on " + wait.getKey().worker : "") + " for "
                    + wait.getValue().describe() + " " + on;
        }
        if (queued) {
            return "queued for a free worker (all " + options.poolSize() + " taken)";
        }
        for (Cont c : mainQueue) {
            if (c.program.subject().filter(s -> s == n).isPresent()) {
                String holder = running.stream().filter(r -> MAIN.equals(r.worker)).findFirst()
                        .map(r -> r.program.name()).orElse("nobody");
                return "queued for the main thread (held by " + holder + ")";
            }
        }
        return "not started yet";
    }

    /**
     * Who waits for whom: a waiting program's node waits for the nodes its condition needs; a program queued
     * for a worker waits for the nodes of the programs that hold the workers; a program queued for main waits
     * for the node of the program that holds main.
     */
    private Map<Integer, Set<Integer>> waitForGraph() {
        Map<Integer, Set<Integer>> g = new HashMap<>();
        for (Map.Entry<Cont, Condition> w : waiters.entrySet()) {
            Optional<ShutdownNode> subject = w.getKey().program.subject();
            if (subject.isEmpty()) {
                continue;
            }
            Set<Integer> to = g.computeIfAbsent(subject.get().index(), k -> new LinkedHashSet<>());
            w.getValue().waitingOn().forEach(x -> to.add(x.index()));
        }
        // A program queued for main waits for the node of the program that holds main (main is a pool of one).
        for (Cont c : running) {
            if (MAIN.equals(c.worker) && c.program.subject().isPresent()) {
                int holder = c.program.subject().get().index();
                for (Cont q : mainQueue) {
                    q.program.subject().ifPresent(s -> g.computeIfAbsent(s.index(), k -> new LinkedHashSet<>()).add(holder));
                }
            }
        }
        // A program queued for a worker waits for any one of the holders: only when every holder is itself
        // waiting (none runs a callback or a step) is that a wait on all of them.
        boolean everyHolderWaits = running.stream()
                .filter(c -> c.worker != null && !c.worker.equals(MAIN))
                .allMatch(waiters::containsKey);
        if (freeWorkers.isEmpty() && everyHolderWaits) {
            List<Integer> holders = new ArrayList<>();
            for (Cont c : running) {
                if (c.worker != null && !c.worker.equals(MAIN)) {
                    c.program.subject().ifPresent(s -> holders.add(s.index()));
                }
            }
            for (Cont q : poolQueue) {
                q.program.subject().ifPresent(s -> g.computeIfAbsent(s.index(), k -> new LinkedHashSet<>()).addAll(holders));
            }
        }
        return g;
    }

    private List<String> findCycle(Map<Integer, Set<Integer>> g) {
        Map<Integer, Integer> color = new HashMap<>();
        Deque<Integer> stack = new ArrayDeque<>();
        for (Integer startNode : new TreeSet<>(g.keySet())) {
            List<Integer> cycle = dfs(startNode, g, color, stack);
            if (cycle != null) {
                return cycle.stream().map(i -> graph.node(i).path()).toList();
            }
        }
        return List.of();
    }

    private List<Integer> dfs(int at, Map<Integer, Set<Integer>> g, Map<Integer, Integer> color, Deque<Integer> stack) {
        Integer c = color.get(at);
        if (c != null && c == 2) {
            return null;
        }
        if (c != null && c == 1) {
            List<Integer> cycle = new ArrayList<>();
            boolean in = false;
            for (Integer s : (Iterable<Integer>) stack::descendingIterator) {
                if (s == at) {
                    in = true;
                }
                if (in) {
                    cycle.add(s);
                }
            }
            cycle.add(at);
            return cycle;
        }
        color.put(at, 1);
        stack.push(at);
        for (int next : g.getOrDefault(at, Set.of())) {
            List<Integer> cycle = dfs(next, g, color, stack);
            if (cycle != null) {
                return cycle;
            }
        }
        stack.pop();
        color.put(at, 2);
        return null;
    }

    // ---------------------------------------------------------------- the drivers' view

    /** The context a callback waits through: timers of the environment, the deadline, the mode. */
    private final class Context implements ShutdownContext {

        @Override
        public Duration elapsed() {
            return Duration.ofNanos(env.now());
        }

        @Override
        public Optional<Duration> remaining() {
            return options.deadline().map(d -> d.minusNanos(env.now()));
        }

        @Override
        public ShutdownMode mode() {
            return options.mode();
        }

        @Override
        public CompletionStage<Void> sleep(Duration duration) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            timer(duration.toNanos(), () -> f.complete(null));
            return f;
        }

        @Override
        public CompletionStage<Boolean> pollUntil(BooleanSupplier condition, Duration interval, Duration timeout) {
            CompletableFuture<Boolean> f = new CompletableFuture<>();
            long giveUp = env.now() + timeout.toNanos();
            poll(f, condition, interval.toNanos(), giveUp);
            return f;
        }

        private void poll(CompletableFuture<Boolean> f, BooleanSupplier condition, long interval, long giveUp) {
            if (condition.getAsBoolean()) {
                f.complete(true);
            } else if (env.now() >= giveUp) {
                f.complete(false);
            } else {
                timer(Math.min(interval, giveUp - env.now()), () -> poll(f, condition, interval, giveUp));
            }
        }
    }

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

    private <T> T locked(Supplier<T> s) {
        lock.lock();
        try {
            return s.get();
        } finally {
            lock.unlock();
        }
    }
}
