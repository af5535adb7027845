package org.drivercore.api.shutdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A sequence of steps a strategy hands to the engine, to run on the main thread (device_shutdown()'s own)
 * or on the bounded worker pool. Waits either {@link Hold#HOLD hold} the program's thread, as a kernel
 * thread blocked in {@code wait_for_completion()} does, or {@link Hold#RELEASE release} it.
 */
public final class Program {

    /** Whether waiting keeps the thread. */
    public enum Hold {
        /** The thread stays taken while the program waits: it is what a blocked kernel thread costs. */
        HOLD,
        /** The thread goes back to the pool; the program asks for one again when the wait is over. */
        RELEASE
    }

    /** One step of a program. */
    public sealed interface Step permits Await, Run, Start, Action {
    }

    /**
     * Waits until the condition holds. The condition is made when the step begins (so a value read then,
     * such as Hayes v8's {@code shutdown_after}, is the one waited for).
     */
    public record Await(Supplier<Condition> condition, Hold hold) implements Step {
    }

    /** Runs the node's shutdown callback and waits for it to finish; the node then finishes (its completion). */
    public record Run(ShutdownNode node, Hold hold) implements Step {
    }

    /** Starts the node's callback and goes on at once; the node finishes when its work does (the seed's start pass). */
    public record Start(ShutdownNode node) implements Step {
    }

    /** Instant bookkeeping on the program's thread. */
    public record Action(Runnable action) implements Step {
    }

    private final String name;
    private final ShutdownNode subject;
    private final List<Step> steps;

    private Program(String name, ShutdownNode subject, List<Step> steps) {
        this.name = name;
        this.subject = subject;
        this.steps = List.copyOf(steps);
    }

    /** Starts a program about one node (the hang tracker reports its waits as that node's). */
    public static Builder forNode(ShutdownNode node) {
        return new Builder(node.path(), node);
    }

    /** Starts a program that is not about one node (a walk over many). */
    public static Builder named(String name) {
        return new Builder(name, null);
    }

    public String name() {
        return name;
    }

    /** The node this program shuts down, if it is about one. */
    public Optional<ShutdownNode> subject() {
        return Optional.ofNullable(subject);
    }

    public List<Step> steps() {
        return steps;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds a {@link Program}. */
    public static final class Builder {
        private final String name;
        private final ShutdownNode subject;
        private final List<Step> steps = new ArrayList<>();

        private Builder(String name, ShutdownNode subject) {
            this.name = name;
            this.subject = subject;
        }

        public Builder await(Supplier<Condition> condition, Hold hold) {
            steps.add(new Await(Objects.requireNonNull(condition), Objects.requireNonNull(hold)));
            return this;
        }

        public Builder await(Condition condition, Hold hold) {
            Objects.requireNonNull(condition);
            return await(() -> condition, hold);
        }

        public Builder run(ShutdownNode node, Hold hold) {
            steps.add(new Run(Objects.requireNonNull(node), Objects.requireNonNull(hold)));
            return this;
        }

        public Builder start(ShutdownNode node) {
            steps.add(new Start(Objects.requireNonNull(node)));
            return this;
        }

        public Builder action(Runnable action) {
            steps.add(new Action(Objects.requireNonNull(action)));
            return this;
        }

        public Program build() {
            return new Program(name, subject, steps);
        }
    }
}
