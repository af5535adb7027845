package org.drivercore.shutdown.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.drivercore.api.shutdown.Condition;
import org.drivercore.api.shutdown.ShutdownNode;

/**
 * Who waits on what in a run, and whom a node's finish wakes. A wait on {@link #allFinished} nodes is filed
 * under its first unfinished node, so a finish looks only at the programs that node can release; a condition of
 * the strategy's own is re-evaluated at every finish, as the API documents. Guarded by the run's lock.
 */
final class Waits {

    private final NodeTable nodes;
    /** Every waiting program with what it waits for, in the order they began to wait (for reports). */
    private final Map<ProgramRun, Condition> waiters = new LinkedHashMap<>();
    private long waitSeq;
    /** Programs waiting on an {@link AllFinished}, by the node whose finish may release them. */
    private final Map<Integer, List<ProgramRun>> watchers = new HashMap<>();
    /** Programs waiting on a condition of the strategy's own. */
    private final Set<ProgramRun> scanned = new LinkedHashSet<>();

    Waits(NodeTable nodes) {
        this.nodes = nodes;
    }

    Condition allFinished(Collection<ShutdownNode> waitedOn, String description) {
        return new AllFinished(List.copyOf(waitedOn), description);
    }

    static Condition custom(String description, BooleanSupplier test, Supplier<Collection<ShutdownNode>> waitingOn) {
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

    /** A program begins to wait on a condition that does not hold yet. */
    void begin(ProgramRun c, Condition cond) {
        c.waitSeq = waitSeq++;
        waiters.put(c, cond);
        if (cond instanceof AllFinished all) {
            watchers.computeIfAbsent(all.firstUnfinished().index(), k -> new ArrayList<>()).add(c);
        } else {
            scanned.add(c);
        }
    }

    /** Node {@code finished} just finished: the programs that may go on now, in the order they began to wait. */
    List<ProgramRun> wokenBy(int finished) {
        List<ProgramRun> ready = new ArrayList<>();
        for (ProgramRun c : watchers.getOrDefault(finished, List.of())) {
            ShutdownNode next = ((AllFinished) waiters.get(c)).firstUnfinished();
            if (next == null) {
                ready.add(c);
            } else {
                watchers.computeIfAbsent(next.index(), k -> new ArrayList<>()).add(c);
            }
        }
        watchers.remove(finished);
        for (ProgramRun c : scanned) {
            if (waiters.get(c).satisfied()) {
                ready.add(c);
            }
        }
        ready.sort(Comparator.comparingLong(c -> c.waitSeq));
        for (ProgramRun c : ready) {
            waiters.remove(c);
            scanned.remove(c);
        }
        return ready;
    }

    /** Every waiting program with its condition, in the order they began to wait. */
    Map<ProgramRun, Condition> waiting() {
        return waiters;
    }

    /** Holds when every node has finished. Finished nodes never come back, so its scan only moves forward. */
    private final class AllFinished implements Condition {
        private final List<ShutdownNode> waitedOn;
        private final String description;
        private int next;

        AllFinished(List<ShutdownNode> waitedOn, String description) {
            this.waitedOn = waitedOn;
            this.description = description;
        }

        /** The first node not finished yet, or null when all are. */
        ShutdownNode firstUnfinished() {
            while (next < waitedOn.size() && nodes.isFinished(waitedOn.get(next).index())) {
                next++;
            }
            return next < waitedOn.size() ? waitedOn.get(next) : null;
        }

        @Override
        public boolean satisfied() {
            return firstUnfinished() == null;
        }

        @Override
        public Collection<ShutdownNode> waitingOn() {
            firstUnfinished();
            return waitedOn.subList(next, waitedOn.size()).stream().filter(n -> !nodes.isFinished(n.index())).toList();
        }

        @Override
        public String describe() {
            return description;
        }
    }
}
