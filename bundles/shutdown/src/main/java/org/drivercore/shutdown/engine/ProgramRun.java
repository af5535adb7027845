package org.drivercore.shutdown.engine;

import org.drivercore.api.shutdown.Condition;
import org.drivercore.api.shutdown.Program;

/**
 * A program as the engine runs it: which step comes next, the thread it holds (if any), and the condition it
 * waits on (if any). Guarded by the run's lock.
 */
final class ProgramRun {

    /** Which kind of thread a program runs on. */
    enum Lane { MAIN, POOL }

    final Program program;
    final Lane lane;
    /** The index of the next step to run. */
    int nextStep;
    /** The thread it holds, or {@link Threads#NONE}. */
    int thread = Threads.NONE;
    /** The condition of the wait it is in (made when the wait began), or null. */
    Condition waitingFor;
    /** When it began its current wait: waiters are woken in this order. */
    long waitSeq;
    /** The next program filed under the same node's finish ({@link Waits}). */
    ProgramRun nextWatcher;
    /** Its neighbours among the waiting programs, in the order they began to wait ({@link Waits}). */
    ProgramRun prevWaiting;
    ProgramRun nextWaiting;

    ProgramRun(Program program, Lane lane) {
        this.program = program;
        this.lane = lane;
    }

    boolean holdsThread() {
        return thread != Threads.NONE;
    }

    boolean done() {
        return nextStep >= program.steps().size();
    }

    Program.Step next() {
        return program.steps().get(nextStep);
    }

    @Override
    public String toString() {
        return program.name();
    }
}
