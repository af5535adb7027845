package org.drivercore.shutdown.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Which program holds each thread of a run, and the trace of every hold: a {@link ThreadSpan} from when a program
 * took a thread to when it gave it back (or the run ended). Indexed by thread number (main is 0), so taking and
 * releasing a thread allocates nothing but the span. Guarded by the run's lock.
 */
final class Holders {

    private final ProgramRun[] onThread;
    private final long[] since;
    private final long[] sinceSeq;
    private final List<ThreadSpan> spans = new ArrayList<>();
    /** Orders the trace's thread events, which may share a time. */
    private long seq;

    Holders(int poolSize) {
        onThread = new ProgramRun[poolSize + 1];
        since = new long[poolSize + 1];
        sinceSeq = new long[poolSize + 1];
    }

    void take(ProgramRun c, int thread, long now) {
        c.thread = thread;
        since[thread] = now;
        sinceSeq[thread] = seq++;
        onThread[thread] = c;
    }

    void release(ProgramRun c, long now) {
        spans.add(span(c, now));
        onThread[c.thread] = null;
        c.thread = Threads.NONE;
    }

    private ThreadSpan span(ProgramRun c, long end) {
        return new ThreadSpan(Threads.name(c.thread), c.program.name(), since[c.thread], end, sinceSeq[c.thread], seq++);
    }

    /** The programs that hold a thread, main first, then by worker. */
    List<ProgramRun> running() {
        List<ProgramRun> out = new ArrayList<>();
        for (ProgramRun c : onThread) {
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /** Every span, those still open closed at the run's end. */
    List<ThreadSpan> spans(long end) {
        for (ProgramRun c : running()) {
            spans.add(span(c, end));
        }
        return spans;
    }
}
