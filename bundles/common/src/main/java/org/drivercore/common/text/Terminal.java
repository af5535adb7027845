package org.drivercore.common.text;

/**
 * The width of the terminal a command's output goes to: {@value #COLUMNS_PROPERTY}, which the launcher sets from the
 * console's terminal, or from the terminal of a one-shot command; else no limit: output to a file or a pipe keeps
 * whole lines, for grep and friends (an exported {@code COLUMNS} does not say where the output goes).
 */
public final class Terminal {

    public static final String COLUMNS_PROPERTY = "drivercore.columns";
    /** Narrower than this, a table would be all ellipses: it overflows instead. */
    private static final int NARROWEST = 60;

    private Terminal() {
    }

    public static int columns() {
        Integer columns = parse(System.getProperty(COLUMNS_PROPERTY));
        return columns == null ? Integer.MAX_VALUE : Math.max(NARROWEST, columns);
    }

    private static Integer parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(text.trim());
            return n > 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
