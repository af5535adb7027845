package org.drivercore.shutdown.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.drivercore.api.shutdown.Condition;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;

/**
 * Who waits on what in a run, and whom a node's finish wakes. A wait on {@link #allFinished} nodes is filed
 * under its first unfinished node, so a finish looks only at the programs that node can release; a condition of
 * the strategy's own is re-evaluated at every finish, as the API documents. The lists are threaded through the
 * programs themselves and indexed by node number, so a wait allocates nothing and a finish touches only whom it
 * wakes. Guarded by the run's lock.
 */
final class Waits {

    private final ShutdownGraph graph;
    private final NodeTable nodes;
    /** Per node, the first program whose wait is filed under it ({@link ProgramRun#nextWatcher} links the rest). */
    private final ProgramRun[] watchers;
    /** Every waiting program, in the order they began to wait (for reports): a doubly linked list. */
    private ProgramRun firstWaiting;
    private ProgramRun lastWaiting;
    private int waitingCount;
    private long waitSeq;
    /** Programs waiting on a condition of the strategy's own. */
    private final Set<ProgramRun> scanned = new LinkedHashSet<>();

    Waits(ShutdownGraph graph, NodeTable nodes) {
        this.graph = graph;
        this.nodes = nodes;
        this.watchers = new ProgramRun[graph.size()];
    }

    Condition allFinished(Collection<ShutdownNode> waitedOn, Supplier<String> description) {
        int[] indexes = new int[waitedOn.size()];
        int k = 0;
        for (ShutdownNode n : waitedOn) {
            indexes[k++] = n.index();
        }
        return new AllFinished(indexes, description);
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
        c.waitingFor = cond;
        c.prevWaiting = lastWaiting;
        c.nextWaiting = null;
        if (lastWaiting == null) {
            firstWaiting = c;
        } else {
            lastWaiting.nextWaiting = c;
        }
        lastWaiting = c;
        waitingCount++;
        if (cond instanceof AllFinished all) {
            file(c, all.firstUnfinished());
        } else {
            scanned.add(c);
        }
    }

    private void file(ProgramRun c, int node) {
        c.nextWatcher = watchers[node];
        watchers[node] = c;
    }

    /** Node {@code finished} just finished: the programs that may go on now, in the order they began to wait. */
    List<ProgramRun> wokenBy(int finished) {
        ProgramRun c = watchers[finished];
        watchers[finished] = null;
        List<ProgramRun> ready = null;
        while (c != null) {
            ProgramRun next = c.nextWatcher;
            c.nextWatcher = null;
            int unfinished = ((AllFinished) c.waitingFor).firstUnfinished();
            if (unfinished < 0) {
                ready = add(ready, c);
            } else {
                file(c, unfinished);
            }
            c = next;
        }
        if (!scanned.isEmpty()) {
            for (Iterator<ProgramRun> it = scanned.iterator(); it.hasNext();) {
                ProgramRun s = it.next();
                if (s.waitingFor.satisfied()) {
                    it.remove();
                    ready = add(ready, s);
                }
            }
        }
        if (ready == null) {
            return List.of();
        }
        if (ready.size() > 1) {
            ready.sort((a, b) -> Long.compare(a.waitSeq, b.waitSeq));
        }
        for (ProgramRun r : ready) {
            unlink(r);
        }
        return ready;
    }

    private static List<ProgramRun> add(List<ProgramRun> list, ProgramRun c) {
        List<ProgramRun> out = list == null ? new ArrayList<>(2) : list;
        out.add(c);
        return out;
    }

    private void unlink(ProgramRun c) {
        if (c.prevWaiting == null) {
            firstWaiting = c.nextWaiting;
        } else {
            c.prevWaiting.nextWaiting = c.nextWaiting;
        }
        if (c.nextWaiting == null) {
            lastWaiting = c.prevWaiting;
        } else {
            c.nextWaiting.prevWaiting = c.prevWaiting;
        }
        c.prevWaiting = null;
        c.nextWaiting = null;
        waitingCount--;
    }

    /** Every waiting program with its condition, in the order they began to wait: built for a report. */
    Map<ProgramRun, Condition> waiting() {
        Map<ProgramRun, Condition> out = new LinkedHashMap<>(waitingCount * 2);
        for (ProgramRun c = firstWaiting; c != null; c = c.nextWaiting) {
            out.put(c, c.waitingFor);
        }
        return out;
    }

    /** Holds when every node has finished. Finished nodes never come back, so its scan only moves forward. */
    private final class AllFinished implements Condition {
        private final int[] waitedOn;
        private final Supplier<String> description;
        private int next;

        AllFinished(int[] waitedOn, Supplier<String> description) {
            this.waitedOn = waitedOn;
            this.description = description;
        }

        /** The first node not finished yet, or -1 when all are. */
        int firstUnfinished() {
            while (next < waitedOn.length && nodes.isFinished(waitedOn[next])) {
                next++;
            }
            return next < waitedOn.length ? waitedOn[next] : -1;
        }

        @Override
        public boolean satisfied() {
            return firstUnfinished() < 0;
        }

        @Override
        public Collection<ShutdownNode> waitingOn() {
            firstUnfinished();
            List<ShutdownNode> out = new ArrayList<>();
            for (int i = next; i < waitedOn.length; i++) {
                if (!nodes.isFinished(waitedOn[i])) {
                    out.add(graph.node(waitedOn[i]));
                }
            }
            return out;
        }

        @Override
        public String describe() {
            return description.get();
        }
    }
}
