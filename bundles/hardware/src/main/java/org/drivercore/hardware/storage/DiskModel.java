package org.drivercore.hardware.storage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.drivercore.api.ShutdownContext;
import org.drivercore.api.hardware.HardwareSpec;
import org.drivercore.api.hardware.ScsiDisk;
import org.drivercore.hardware.internal.Params;

/**
 * A disk: a flush (SYNCHRONIZE CACHE, FLUSH CACHE EXT behind libata) takes the sampled flush time, a stop (START STOP
 * UNIT, STANDBY IMMEDIATE behind libata) the sampled standby time.
 *
 * <p>Parameters: {@code writeCache} (default true), {@code flush} and {@code standby} (latency models, required),
 * {@code seed}.
 */
public final class DiskModel implements ScsiDisk {

    public static final String KIND = "disk";
    public static final List<String> KEYS = List.of("writeCache", "flush", "standby");

    private final boolean writeCache;
    private final Duration flush;
    private final Duration standby;

    public DiskModel(String devicePath, HardwareSpec spec) {
        Params p = new Params(spec, KEYS);
        long seed = p.seed();
        this.writeCache = p.bool("writeCache", true);
        this.flush = p.latency("flush").sample(seed, devicePath + "#flush");
        this.standby = p.latency("standby").sample(seed, devicePath + "#standby");
    }

    @Override
    public boolean writeCacheEnabled() {
        return writeCache;
    }

    @Override
    public boolean mediaPresent() {
        return true;
    }

    @Override
    public CompletionStage<Void> synchronizeCache(ShutdownContext context) {
        return context.sleep(flush);
    }

    @Override
    public CompletionStage<Void> stopUnit(ShutdownContext context) {
        return context.sleep(standby);
    }
}
