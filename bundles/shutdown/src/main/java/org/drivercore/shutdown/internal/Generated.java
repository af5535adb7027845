package org.drivercore.shutdown.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.shutdown.engine.GraphGenerator;

/** Graphs made by the generator ({@code dc:compare --generate SPEC}) rather than taken from the registry. */
final class Generated {

    private Generated() {
    }

    /**
     * @param async when given, overrides the generated async flags as the global switch would: {@code off} makes
     *              every node sync, {@code all} every node with work async, {@code opt-in} keeps the generated ones
     */
    static ShutdownGraph graph(String spec, Optional<AsyncPolicy> async) {
        ShutdownGraph g;
        try {
            g = generate(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--generate: " + e.getMessage(), e);
        }
        return async.map(p -> withPolicy(g, p)).orElse(g);
    }

    private static ShutdownGraph generate(String spec) {
        return GraphGenerator.generate(spec);
    }

    static ShutdownGraph withPolicy(ShutdownGraph g, AsyncPolicy policy) {
        if (policy == AsyncPolicy.OPT_IN) {
            return g;
        }
        List<ShutdownNode.Builder> nodes = new ArrayList<>(g.size());
        for (ShutdownNode n : g.nodes()) {
            nodes.add(n.toBuilder().async(policy.resolve(n.asyncSource(), n.hasWork()).orElse(null)));
        }
        return new ShutdownGraph(g.name(), nodes);
    }
}
