package org.drivercore.shutdown.internal;

import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.shutdown.engine.GraphGenerator;

/** Graphs made by the generator ({@code --generate SPEC}) rather than taken from the registry. */
final class Generated {

    private Generated() {
    }

    /** @throws IllegalArgumentException naming {@code --generate} and what is wrong with the spec */
    static ShutdownGraph graph(String spec) {
        try {
            return GraphGenerator.generate(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--generate: " + e.getMessage(), e);
        }
    }
}
