package org.drivercore.shutdown.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;

/**
 * The per-node bookkeeping of one run, by list index: where each node stands, when it started and ended, how it
 * ended, on which thread, and why. Guarded by the run's lock.
 */
final class NodeTable {

    /** Where a node stands: waiting for its turn, its callback running, or finished (its completion done). */
    enum State { WAITING, RUNNING, FINISHED }

    private final State[] states;
    private final long[] start;
    private final long[] end;
    private final Outcome[] outcome;
    private final int[] thread;
    private final String[] detail;
    /** What each node's shutdown noted; null until it notes something. */
    private final List<String>[] notes;
    private int finished;
    private int running;

    NodeTable(int size) {
        states = new State[size];
        start = new long[size];
        end = new long[size];
        outcome = new Outcome[size];
        thread = new int[size];
        detail = new String[size];
        @SuppressWarnings("unchecked")
        List<String>[] noteLists = new List[size];
        notes = noteLists;
        Arrays.fill(states, State.WAITING);
        Arrays.fill(start, -1);
        Arrays.fill(end, -1);
        Arrays.fill(thread, Threads.NONE);
        Arrays.fill(detail, "");
    }

    State state(int i) {
        return states[i];
    }

    boolean isFinished(int i) {
        return states[i] == State.FINISHED;
    }

    int finishedCount() {
        return finished;
    }

    int size() {
        return states.length;
    }

    boolean noneRunning() {
        return running == 0;
    }

    void started(int i, long now, int onThread) {
        states[i] = State.RUNNING;
        running++;
        start[i] = now;
        thread[i] = onThread;
    }

    void note(int i, String text) {
        if (notes[i] == null) {
            notes[i] = new ArrayList<>();
        }
        notes[i].add(text);
    }

    long startOf(int i) {
        return start[i];
    }

    int threadOf(int i) {
        return thread[i];
    }

    /** The node's completion: it never changes again. */
    void finished(int i, long now, Outcome how, String why) {
        if (states[i] == State.RUNNING) {
            running--;
        }
        states[i] = State.FINISHED;
        end[i] = now;
        outcome[i] = how;
        detail[i] = why;
        finished++;
    }

    List<NodeRecord> records(ShutdownGraph graph) {
        List<NodeRecord> records = new ArrayList<>(graph.size());
        for (ShutdownNode n : graph.nodes()) {
            int i = n.index();
            records.add(new NodeRecord(i, n.path(), n.async(), n.hasWork(), start[i], end[i], outcome[i],
                    thread[i] == Threads.NONE ? null : Threads.name(thread[i]), detail[i],
                    notes[i] == null ? List.of() : notes[i]));
        }
        return records;
    }
}
