package org.drivercore.shutdown.engine;

import java.util.List;

import org.drivercore.api.ShutdownMode;
import org.drivercore.api.shutdown.ShutdownCallback;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;
import org.drivercore.shutdown.strategy.SerialStrategy;

/** For the driver bundles' tests: one device's shutdown run alone through the engine, on the virtual clock. */
public final class OneDevice {

    private OneDevice() {
    }

    /** Runs the work as the shutdown of the device at that path, in that mode; returns what happened to it. */
    public static NodeRecord shutdown(String path, ShutdownCallback work, ShutdownMode mode) {
        ShutdownGraph g = new ShutdownGraph("one device", List.of(ShutdownNode.builder(0, path).driver("test").callback(work)));
        return ShutdownEngine.runVirtual(g, new SerialStrategy(), EngineOptions.of(1).withMode(mode)).record(0);
    }
}
