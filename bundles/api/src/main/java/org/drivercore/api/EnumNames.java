package org.drivercore.api;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How enum constants are spelt outside Java, in one place: lower case with dashes ({@code OPT_IN} is
 * {@code opt-in}), as machine files, configurations, commands and reports write them. Parsing is lenient about
 * case, dashes and underscores ({@code optin}, {@code OPT_IN} and {@code opt-in} are the same).
 */
public final class EnumNames {

    private EnumNames() {
    }

    /** The external spelling of a constant: {@code OPT_IN} → {@code opt-in}. */
    public static String external(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant whose external name (or Java name) the text spells, ignoring case, dashes and underscores. */
    public static <E extends Enum<E>> Optional<E> find(Class<E> type, String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = fold(text);
        return Arrays.stream(type.getEnumConstants()).filter(e -> fold(e.name()).equals(wanted)).findFirst();
    }

    /**
     * The constant the text spells, or an {@link IllegalArgumentException} that names what was given and the
     * accepted values: {@code async policy 'x' is unknown (expected off, opt-in or all)}.
     *
     * @param what what the value is, as the message names it ({@code async policy})
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String what, String text) {
        return find(type, text).orElseThrow(() -> new IllegalArgumentException(
                what + " '" + text + "' is unknown (expected " + choices(type) + ")"));
    }

    /** The external names of every constant, as a sentence: {@code off, opt-in or all}. */
    public static String choices(Class<? extends Enum<?>> type) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(e -> external((Enum<?>) e)).toList();
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static String fold(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}
