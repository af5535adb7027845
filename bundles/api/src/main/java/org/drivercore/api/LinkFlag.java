package org.drivercore.api;

/** Flags of a {@link DeviceLink}, after Linux's {@code DL_FLAG_*}. */
public enum LinkFlag {
    /**
     * The link exists only so that the supplier's sync_state waits for the consumer
     * ({@code DL_FLAG_SYNC_STATE_ONLY}): it neither orders probe, list position nor shutdown, and it may
     * close a cycle.
     */
    SYNC_STATE_ONLY,
    /**
     * The driver core does not manage the link ({@code DL_FLAG_STATELESS}): the consumer's probe does not
     * wait for the supplier's driver, and unbinding the supplier leaves the consumer bound. The link still
     * orders the device list and shutdown.
     */
    STATELESS,
    /** When the supplier device is removed, the consumer device is removed first. */
    REMOVE_CONSUMER_WITH_SUPPLIER;

    /** The spelling used in machine files and shell output: lower case with dashes. */
    public String externalName() {
        return EnumNames.external(this);
    }

    /** Parses {@link #externalName()} (or the enum name). */
    public static LinkFlag parse(String text) {
        return EnumNames.find(LinkFlag.class, text).orElseThrow(() -> new IllegalArgumentException(
                "unknown link flag '" + text + "' (known: " + EnumNames.choices(LinkFlag.class) + ")"));
    }
}
