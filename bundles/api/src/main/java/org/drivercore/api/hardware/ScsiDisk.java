package org.drivercore.api.hardware;

import java.util.concurrent.CompletionStage;

import org.drivercore.api.ShutdownContext;

/**
 * A disk behind a SCSI device as sd sees it: what MODE SENSE and the media status say, and the commands a shutdown
 * sends. Behind libata the commands are translated (SYNCHRONIZE CACHE to FLUSH CACHE EXT, START STOP UNIT with START=0
 * to STANDBY IMMEDIATE); the model says when the drive completes them.
 */
@org.osgi.annotation.versioning.ProviderType
public interface ScsiDisk {

    /** The caching mode page's WCE bit: the drive has a volatile write cache that is on. */
    boolean writeCacheEnabled();

    /** Whether there is media (a disk always has). */
    boolean mediaPresent();

    /** SYNCHRONIZE CACHE over the whole device: completes when the cache is on the media. */
    CompletionStage<Void> synchronizeCache(ShutdownContext context);

    /** START STOP UNIT with START = 0 and IMMED = 0: completes when the drive has stopped (the heads unloaded). */
    CompletionStage<Void> stopUnit(ShutdownContext context);
}
