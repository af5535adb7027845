package org.drivercore.api;

import java.util.Objects;

/** What a probe returns: bound, deferred (retry later) or failed, with a reason for the latter two. */
public final class ProbeResult {

    /** The kinds of probe outcome. */
    public enum Kind { BOUND, DEFERRED, FAILED }

    private static final ProbeResult BOUND = new ProbeResult(Kind.BOUND, "");

    private final Kind kind;
    private final String reason;

    private ProbeResult(Kind kind, String reason) {
        this.kind = kind;
        this.reason = reason;
    }

    public static ProbeResult bound() {
        return BOUND;
    }

    /** The probe needs something that is not there yet ({@code -EPROBE_DEFER}). */
    public static ProbeResult deferred(String reason) {
        return new ProbeResult(Kind.DEFERRED, Objects.requireNonNull(reason, "reason"));
    }

    public static ProbeResult failed(String reason) {
        return new ProbeResult(Kind.FAILED, Objects.requireNonNull(reason, "reason"));
    }

    public Kind kind() {
        return kind;
    }

    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return reason.isEmpty() ? kind.name() : kind + " (" + reason + ")";
    }
}
