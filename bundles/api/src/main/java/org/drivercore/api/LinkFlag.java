package org.drivercore.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The flags of a {@link DeviceLink}, Linux's {@code DL_FLAG_*} of {@code include/linux/device.h}, in bit order:
 * {@link #bit()} is the flag's value there. Machine files and commands spell them as Linux does, with or without
 * the {@code DL_FLAG_} prefix ({@code STATELESS}, {@code DL_FLAG_AUTOPROBE_CONSUMER}).
 */
public enum LinkFlag {
    /** The core does not manage the link: it orders the list and shutdown, but not probe or unbind. */
    STATELESS,
    /** The link is deleted when the consumer's driver unbinds (or its probe fails). */
    AUTOREMOVE_CONSUMER,
    /** Runtime PM uses the link (not emulated: kept and shown). */
    PM_RUNTIME,
    /** Resume the supplier at link creation (with PM_RUNTIME; not emulated: kept and shown). */
    RPM_ACTIVE,
    /** The link is deleted when the supplier's driver unbinds. */
    AUTOREMOVE_SUPPLIER,
    /** The consumer is probed (from the deferred-probe work) when the supplier binds. */
    AUTOPROBE_CONSUMER,
    /** Set by the core on every link that is not stateless; a caller may not ask for it. */
    MANAGED,
    /** The link only affects sync_state(): it orders neither probe, nor the list, nor shutdown, and may close a cycle. */
    SYNC_STATE_ONLY,
    /** Inferred from firmware (fw_devlink), not asked for by a driver. */
    INFERRED,
    /** Part of a dependency cycle that fw_devlink found. */
    CYCLE;

    /** The flags a managed link may carry ({@code DL_MANAGED_LINK_FLAGS}). */
    public static final Set<LinkFlag> MANAGED_LINK_FLAGS = Collections.unmodifiableSet(EnumSet.of(AUTOREMOVE_CONSUMER,
            AUTOREMOVE_SUPPLIER, AUTOPROBE_CONSUMER, SYNC_STATE_ONLY, INFERRED, CYCLE));
    /** Flags that only mark a link ({@code DL_MARKER_FLAGS}). */
    public static final Set<LinkFlag> MARKER_FLAGS = Collections.unmodifiableSet(EnumSet.of(INFERRED, CYCLE, MANAGED));

    private static final String PREFIX = "DL_FLAG_";

    /** The flag's value in Linux: {@code BIT(n)}. */
    public int bit() {
        return 1 << ordinal();
    }

    /** Linux's name without its prefix, as machine files and commands spell it: {@code AUTOPROBE_CONSUMER}. */
    public String externalName() {
        return name();
    }

    /** Linux's macro: {@code DL_FLAG_AUTOPROBE_CONSUMER}. */
    public String linuxName() {
        return PREFIX + name();
    }

    /**
     * Linux's {@code device_link_flag_is_sync_state_only()}: the only flag that is not a marker is
     * {@link #SYNC_STATE_ONLY}.
     */
    public static boolean isSyncStateOnly(Set<LinkFlag> flags) {
        EnumSet<LinkFlag> rest = flags.isEmpty() ? EnumSet.noneOf(LinkFlag.class) : EnumSet.copyOf(flags);
        rest.removeAll(MARKER_FLAGS);
        return rest.equals(EnumSet.of(SYNC_STATE_ONLY));
    }

    /**
     * Parses Linux's name, with or without {@code DL_FLAG_}, in any case, with dashes or underscores.
     *
     * @throws IllegalArgumentException naming Linux's flags
     */
    public static LinkFlag parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.toUpperCase(Locale.ROOT).startsWith(PREFIX)) {
            t = t.substring(PREFIX.length());
        }
        return EnumNames.find(LinkFlag.class, t).orElseThrow(() -> new IllegalArgumentException(
                "unknown link flag '" + text + "' (Linux's flags: "
                        + Arrays.stream(values()).map(LinkFlag::name).collect(Collectors.joining(", ")) + ")"));
    }
}
