package org.drivercore.shutdown.engine;

import java.util.List;

/**
 * What happened to one node in a run, times in emulated nanoseconds since the shutdown started.
 *
 * @param start  when its callback started, or -1 if it never did
 * @param end    when it finished (or was given up), or -1
 * @param thread the thread that started it: {@code main} or {@code worker-N}
 * @param detail the exception of a failure, the reason of a skip; empty otherwise
 * @param notes  what its shutdown noted ({@link org.drivercore.api.ShutdownContext#note}), each with its time
 */
public record NodeRecord(int index, String path, boolean async, boolean hasWork, long start, long end, Outcome outcome,
        String thread, String detail, List<String> notes) {

    public NodeRecord {
        notes = List.copyOf(notes);
    }

    public long durationNanos() {
        return start < 0 || end < 0 ? 0 : end - start;
    }
}
