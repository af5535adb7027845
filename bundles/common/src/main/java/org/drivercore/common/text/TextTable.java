package org.drivercore.common.text;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: a header and rows, columns padded to their widest cell plus two spaces; the last column is
 * not padded and no line ends in white space. A missing or null cell prints as {@code -}.
 */
public final class TextTable {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;
    private int maxWidth = Integer.MAX_VALUE;
    private int shrinkable = -1;

    public TextTable(String... header) {
        this.columns = header.length;
        rows.add(header);
    }

    public TextTable row(Object... cells) {
        String[] r = new String[columns];
        for (int i = 0; i < columns; i++) {
            r[i] = i < cells.length && cells[i] != null ? String.valueOf(cells[i]) : "-";
        }
        rows.add(r);
        return this;
    }

    /**
     * Fits the table into {@code width} characters, if it can, by shortening the cells of one column (a path) from
     * the left, at a '/' where there is one: their tail says most about a device. The header is never shortened.
     */
    public TextTable fit(int width, int column) {
        this.maxWidth = width;
        this.shrinkable = column;
        return this;
    }

    /** {@code text} in at most {@code width} characters: "…" and its tail, from a '/' where there is one. */
    public static String shortenLeft(String text, int width) {
        if (text.length() <= width || width < 2) {
            return text;
        }
        String tail = text.substring(text.length() - (width - 1));
        int slash = tail.indexOf('/');
        if (slash > 0 && slash < tail.length() - 1 && tail.length() - slash >= width / 2) {
            tail = tail.substring(slash);
        }
        return "\u2026" + tail;
    }

    /** Each line of {@code text} in at most {@code width} characters, a longer one ending in "…". */
    public static String clip(String text, int width) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            b.append(line.length() <= width ? line : line.substring(0, Math.max(0, width - 1)) + "\u2026").append('\n');
        }
        b.setLength(Math.max(0, b.length() - 1));
        return b.toString();
    }

    @Override
    public String toString() {
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        if (shrinkable >= 0 && shrinkable < columns) {
            int total = 0;
            for (int i = 0; i < columns; i++) {
                total += width[i] + (i < columns - 1 ? 2 : 0);
            }
            int target = Math.max(rows.get(0)[shrinkable].length(), Math.max(24, width[shrinkable] - (total - maxWidth)));
            if (total > maxWidth && target < width[shrinkable]) {
                for (int r = 1; r < rows.size(); r++) {
                    rows.get(r)[shrinkable] = shortenLeft(rows.get(r)[shrinkable], target);
                }
                width[shrinkable] = 0;
                for (String[] r : rows) {
                    width[shrinkable] = Math.max(width[shrinkable], r[shrinkable].length());
                }
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(r[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }
}
