package org.drivercore.common.text;

/** Counts in words: "1 device", "2 devices". */
public final class Plural {

    private Plural() {
    }

    /** {@code n} and the noun, with an "s" unless {@code n} is 1. */
    public static String of(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
    }

    /** {@code n} and the singular or the plural given. */
    public static String of(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }
}
