package org.drivercore.shutdown.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.drivercore.api.shutdown.Condition;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fuchsia's removal tracker ({@code node_removal_tracker.cc}), for a shutdown: when no device finished for a
 * whole period, it logs every unfinished device with what it waits for, and names a wait-for cycle if there is
 * one. It only watches: it never kills, never changes the run, and the run calls it with a {@link Look} at its
 * state.
 */
final class HangTracker {

    private static final Logger LOG = LoggerFactory.getLogger(HangTracker.class);
    /** How many unfinished devices one report lists. */
    private static final int MAX_LISTED = 50;
    /** How many devices one line of a report names as waited on. */
    private static final int MAX_WAITED_ON = 8;

    /**
     * The run as the tracker sees it when it looks.
     *
     * @param waiters    every waiting program with what it waits for, in the order they began to wait
     * @param mainQueue  programs queued for the main thread
     * @param poolQueue  programs queued for a worker
     * @param running    programs that hold a thread
     * @param workerFree whether a worker is free
     * @param now        emulated time
     */
    record Look(Map<ProgramRun, Condition> waiters, Collection<ProgramRun> mainQueue, Collection<ProgramRun> poolQueue,
            Collection<ProgramRun> running, boolean workerFree, long now) {
    }

    private final ShutdownGraph graph;
    private final NodeTable nodes;
    private final String strategy;
    private final Duration period;
    private final int poolSize;
    private final boolean warn;
    private final List<String> reports = new ArrayList<>();
    private List<String> waitCycle = List.of();
    private int finishedAtLastLook;

    HangTracker(ShutdownGraph graph, NodeTable nodes, String strategy, Duration period, int poolSize) {
        this(graph, nodes, strategy, period, poolSize, true);
    }

    /**
     * @param warn whether a report is a warning: on the real clock a hang is the machine's; on the virtual clock a run
     *             is an analysis (a comparison tries every strategy on the list reversed, where some must deadlock),
     *             whose reports are its result, kept in {@link #reports()} and logged at debug
     */
    HangTracker(ShutdownGraph graph, NodeTable nodes, String strategy, Duration period, int poolSize, boolean warn) {
        this.graph = graph;
        this.nodes = nodes;
        this.strategy = strategy;
        this.period = period;
        this.poolSize = poolSize;
        this.warn = warn;
    }

    /** The periodic look: a report only when no device finished since the last look. */
    void tick(Supplier<Look> look) {
        if (nodes.finishedCount() != finishedAtLastLook) {
            finishedAtLastLook = nodes.finishedCount();
            return;
        }
        report(null, look.get());
    }

    /**
     * A report now.
     *
     * @param headline why a forced report is made (a run that cannot change any more, the deadline); null for a
     *                 periodic one, which says for how long nothing finished
     */
    void report(String headline, Look look) {
        finishedAtLastLook = nodes.finishedCount();
        List<String> cycle = WaitForCycle.find(waitForGraph(look)).stream().map(i -> graph.node(i).path()).toList();
        int unfinished = graph.size() - nodes.finishedCount();
        StringBuilder b = new StringBuilder();
        b.append(headline != null ? headline : "no device finished shutting down for " + period)
                .append(String.format(" (at %.3f s); %d of %d unfinished:", look.now() / 1e9, unfinished, graph.size()));
        Map<ShutdownNode, Map.Entry<ProgramRun, Condition>> waitsOf = new HashMap<>();
        for (Map.Entry<ProgramRun, Condition> w : look.waiters().entrySet()) {
            w.getKey().program.subject().ifPresent(s -> waitsOf.putIfAbsent(s, w));
        }
        Set<ShutdownNode> queued = new HashSet<>();
        look.poolQueue().forEach(c -> c.program.subject().ifPresent(queued::add));
        int listed = 0;
        for (ShutdownNode n : graph.nodes()) {
            if (nodes.isFinished(n.index())) {
                continue;
            }
            if (listed++ == MAX_LISTED) {
                b.append("\n  ... and ").append(unfinished - MAX_LISTED).append(" more");
                break;
            }
            b.append("\n  ").append(n.path()).append(": ").append(describe(n, waitsOf.get(n), queued.contains(n), look));
        }
        if (!cycle.isEmpty()) {
            b.append("\n  wait-for cycle: ").append(String.join(" -> ", cycle));
            if (waitCycle.isEmpty()) {
                waitCycle = cycle;
            }
        }
        String text = b.toString();
        if (reports.isEmpty() || !reports.get(reports.size() - 1).equals(text)) {
            if (warn) {
                LOG.warn("Shutdown ({}) hang: {}", strategy, text);
            } else {
                LOG.debug("Shutdown ({}) hang: {}", strategy, text);
            }
        }
        reports.add(text);
    }

    /** Every report made, in order. */
    List<String> reports() {
        return reports;
    }

    /** The first wait-for cycle found (node paths, the first repeated last), or empty. */
    List<String> waitCycle() {
        return waitCycle;
    }

    private String describe(ShutdownNode n, Map.Entry<ProgramRun, Condition> wait, boolean queued, Look look) {
        int i = n.index();
        if (nodes.state(i) == NodeTable.State.RUNNING) {
            return "running on " + Threads.name(nodes.threadOf(i)) + " since "
                    + String.format("%.3f s", nodes.startOf(i) / 1e9);
        }
        if (wait != null) {
            Collection<ShutdownNode> all = wait.getValue().waitingOn();
            List<String> on = new ArrayList<>(all.stream().limit(MAX_WAITED_ON).map(ShutdownNode::path).toList());
            if (all.size() > MAX_WAITED_ON) {
                on.add("... " + (all.size() - MAX_WAITED_ON) + " more");
            }
            ProgramRun waiter = wait.getKey();
            return "waiting" + (waiter.holdsThread() ? " on " + Threads.name(waiter.thread) : "") + " for "
                    + wait.getValue().describe() + " " + on;
        }
        if (queued) {
            return "queued for a free worker (all " + poolSize + " taken)";
        }
        for (ProgramRun c : look.mainQueue()) {
            if (c.program.subject().filter(s -> s == n).isPresent()) {
                String holder = mainHolder(look).map(r -> r.program.name()).orElse("nobody");
                return "queued for the main thread (held by " + holder + ")";
            }
        }
        return "not started yet";
    }

    private static Optional<ProgramRun> mainHolder(Look look) {
        return look.running().stream().filter(r -> r.thread == Threads.MAIN).findFirst();
    }

    /**
     * Who waits for whom: a waiting program's node waits for the nodes its condition needs; a program queued
     * for a worker waits for the nodes of the programs that hold the workers; a program queued for main waits
     * for the node of the program that holds main.
     */
    private static Map<Integer, Set<Integer>> waitForGraph(Look look) {
        Map<Integer, Set<Integer>> g = new HashMap<>();
        for (Map.Entry<ProgramRun, Condition> w : look.waiters().entrySet()) {
            Optional<ShutdownNode> subject = w.getKey().program.subject();
            if (subject.isEmpty()) {
                continue;
            }
            Set<Integer> to = g.computeIfAbsent(subject.get().index(), k -> new LinkedHashSet<>());
            w.getValue().waitingOn().forEach(x -> to.add(x.index()));
        }
        // A program queued for main waits for the node of the program that holds main (main is a pool of one).
        mainHolder(look).flatMap(c -> c.program.subject()).ifPresent(holder -> {
            for (ProgramRun q : look.mainQueue()) {
                q.program.subject().ifPresent(s -> g.computeIfAbsent(s.index(), k -> new LinkedHashSet<>()).add(holder.index()));
            }
        });
        // A program queued for a worker waits for any one of the holders: only when every holder is itself
        // waiting (none runs a callback or a step) is that a wait on all of them.
        boolean everyHolderWaits = look.running().stream().filter(c -> Threads.isWorker(c.thread))
                .allMatch(look.waiters()::containsKey);
        if (!look.workerFree() && everyHolderWaits) {
            List<Integer> holders = new ArrayList<>();
            for (ProgramRun c : look.running()) {
                if (Threads.isWorker(c.thread)) {
                    c.program.subject().ifPresent(s -> holders.add(s.index()));
                }
            }
            for (ProgramRun q : look.poolQueue()) {
                q.program.subject().ifPresent(s -> g.computeIfAbsent(s.index(), k -> new LinkedHashSet<>()).addAll(holders));
            }
        }
        return g;
    }
}
