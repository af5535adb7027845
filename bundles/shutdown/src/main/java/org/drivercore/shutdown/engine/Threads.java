package org.drivercore.shutdown.engine;

import java.util.BitSet;
import java.util.Deque;
import java.util.function.ObjIntConsumer;

/**
 * The threads of a run, as numbers: main ({@value #MAIN}, {@code device_shutdown()}'s own thread) and the bounded
 * pool's workers (1 to pool size, named {@code worker-0} and up). It counts how many are taken at once, which is
 * what a kernel would spend. Guarded by the run's lock.
 */
final class Threads {

    /** No thread. */
    static final int NONE = -1;
    /** The main thread. */
    static final int MAIN = 0;

    /** The names, made once: a trace names a thread per device. */
    private static final String[] NAMES = new String[EngineOptions.MAX_POOL + 1];

    private final int poolSize;
    /** Free workers, lowest first, so that a run reuses the same few. */
    private final BitSet freeWorkers = new BitSet();
    private boolean mainTaken;
    private int taken;
    private int peak;

    Threads(int poolSize) {
        this.poolSize = poolSize;
        freeWorkers.set(1, poolSize + 1);
    }

    static String name(int thread) {
        String name = NAMES[thread];
        if (name == null) {
            name = thread == MAIN ? "main" : "worker-" + (thread - 1);
            NAMES[thread] = name;
        }
        return name;
    }

    static boolean isWorker(int thread) {
        return thread > MAIN;
    }

    int poolSize() {
        return poolSize;
    }

    boolean mainFree() {
        return !mainTaken;
    }

    boolean workerFree() {
        return !freeWorkers.isEmpty();
    }

    int takeMain() {
        mainTaken = true;
        return count(MAIN);
    }

    int takeWorker() {
        int w = freeWorkers.nextSetBit(1);
        freeWorkers.clear(w);
        return count(w);
    }

    private int count(int thread) {
        taken++;
        peak = Math.max(peak, taken);
        return thread;
    }

    void release(int thread) {
        if (thread == MAIN) {
            mainTaken = false;
        } else {
            freeWorkers.set(thread);
        }
        taken--;
    }

    /** The most threads taken at once. */
    int peak() {
        return peak;
    }

    /** Hands queued programs the free threads: main to the first main program, workers first come first served. */
    <T> void dispatch(Deque<T> mainQueue, Deque<T> poolQueue, ObjIntConsumer<T> give) {
        if (!mainTaken && !mainQueue.isEmpty()) {
            give.accept(mainQueue.poll(), takeMain());
        }
        while (!freeWorkers.isEmpty() && !poolQueue.isEmpty()) {
            give.accept(poolQueue.poll(), takeWorker());
        }
    }
}
