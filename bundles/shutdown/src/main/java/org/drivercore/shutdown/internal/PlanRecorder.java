package org.drivercore.shutdown.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.drivercore.api.shutdown.Condition;
import org.drivercore.api.shutdown.Program;
import org.drivercore.api.shutdown.ShutdownExecutor;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.api.shutdown.ShutdownStrategy;

/**
 * Wraps a strategy so that a run records, for each device, which program (on main or on the pool) ran it and
 * what that program waited for before: each {@link Program.Await} is observed when the engine makes its
 * condition (the moment the step begins), so the condition is the one the strategy really waited on.
 * The programs keep their steps; only instant bookkeeping is added.
 */
final class PlanRecorder implements ShutdownStrategy {

    /** One wait of a program: what it waited for, and the unfinished nodes it needed then (empty: no wait). */
    record Wait(String description, List<String> waitingOn) {
    }

    /** How a node was reached: the program and lane that ran it, and the waits of that program before it. */
    record Step(String program, String lane, boolean started, List<Wait> waits) {
    }

    private final ShutdownStrategy delegate;
    private final Map<Integer, Step> steps = new ConcurrentHashMap<>();
    private final List<String> programs = new ArrayList<>();

    PlanRecorder(ShutdownStrategy delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String description() {
        return delegate.description();
    }

    @Override
    public void plan(ShutdownGraph graph, ShutdownExecutor executor) {
        delegate.plan(graph, new Recording(executor));
    }

    /** How the node was run, if a program ran it. */
    Step step(int index) {
        return steps.get(index);
    }

    /** "main: walk (12 steps)" per program queued, in queue order. */
    synchronized List<String> programs() {
        return List.copyOf(programs);
    }

    private synchronized void queued(String lane, Program p) {
        programs.add(lane + ": " + p.name() + " (" + p.steps().size() + " steps)");
    }

    private Program record(String lane, Program p) {
        queued(lane, p);
        Program.Builder b = p.subject().map(Program::forNode).orElseGet(() -> Program.named(p.name()));
        List<Wait> pending = new ArrayList<>();
        for (Program.Step s : p.steps()) {
            if (s instanceof Program.Await a) {
                Supplier<Condition> made = a.condition();
                b.await(() -> {
                    Condition c = made.get();
                    boolean waits = !c.satisfied();
                    synchronized (pending) {
                        pending.add(new Wait(c.describe(), waits ? c.waitingOn().stream().map(ShutdownNode::path).toList()
                                : List.of()));
                    }
                    return c;
                }, a.hold());
            } else if (s instanceof Program.Run r) {
                b.action(() -> took(r.node(), p, lane, false, pending));
                b.run(r.node(), r.hold());
            } else if (s instanceof Program.Start st) {
                b.action(() -> took(st.node(), p, lane, true, pending));
                b.start(st.node());
            } else if (s instanceof Program.Action act) {
                b.action(act.action());
            }
        }
        return b.build();
    }

    private void took(ShutdownNode node, Program p, String lane, boolean started, List<Wait> pending) {
        List<Wait> waits;
        synchronized (pending) {
            waits = List.copyOf(pending);
            pending.clear();
        }
        steps.putIfAbsent(node.index(), new Step(p.name(), lane, started, waits));
    }

    private final class Recording implements ShutdownExecutor {
        private final ShutdownExecutor executor;

        Recording(ShutdownExecutor executor) {
            this.executor = executor;
        }

        @Override
        public ShutdownGraph graph() {
            return executor.graph();
        }

        @Override
        public int poolSize() {
            return executor.poolSize();
        }

        @Override
        public void main(Program program) {
            executor.main(record("main", program));
        }

        @Override
        public void pool(Program program) {
            executor.pool(record("pool", program));
        }

        @Override
        public boolean finished(ShutdownNode node) {
            return executor.finished(node);
        }

        @Override
        public Condition allFinished(Collection<ShutdownNode> nodes, String description) {
            return executor.allFinished(nodes, description);
        }

        @Override
        public Condition condition(String description, BooleanSupplier test, Supplier<Collection<ShutdownNode>> waitingOn) {
            return executor.condition(description, test, waitingOn);
        }
    }
}
