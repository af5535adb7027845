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
     * the left, at a '/' where there is one (their tail says most about a device), and those of the last column (free
     * text) at their end. The header is never shortened.
     */
    public TextTable fit(int width, int column) {
        this.maxWidth = width;
        this.shrinkable = column;
        return this;
    }

    private static final int LAST_COLUMN_MIN = 16;
    private static final int SHRINKABLE_MIN = 20;
    private static final int SHRINKABLE_COMFORTABLE = 40;

    /** Narrows one column toward the table's width, down to {@code floor}, shortening its cells (not the header). */
    private void shrink(int[] width, int column, int floor, boolean fromLeft) {
        int total = 0;
        for (int i = 0; i < columns; i++) {
            total += width[i] + (i < columns - 1 ? 2 : 0);
        }
        if (total <= maxWidth) {
            return;
        }
        int target = Math.max(floor, width[column] - (total - maxWidth));
        if (target >= width[column]) {
            return;
        }
        int widest = rows.get(0)[column].length();
        for (int r = 1; r < rows.size(); r++) {
            String cell = rows.get(r)[column];
            String shorter = fromLeft ? shortenLeft(cell, target)
                    : cell.length() <= target ? cell : cell.substring(0, target - 1) + "\u2026";
            rows.get(r)[column] = shorter;
            widest = Math.max(widest, shorter.length());
        }
        width[column] = widest;
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
            // First the last column (free text, clipped at its end), then the shrinkable one (a path, from its left).
            // The path to a comfortable width first, then the last column, then the path to its least.
            int last = columns - 1;
            int pathHeader = rows.get(0)[shrinkable].length();
            shrink(width, shrinkable, Math.max(pathHeader, SHRINKABLE_COMFORTABLE), true);
            if (last != shrinkable) {
                shrink(width, last, Math.max(rows.get(0)[last].length(), LAST_COLUMN_MIN), false);
            }
            shrink(width, shrinkable, Math.max(pathHeader, SHRINKABLE_MIN), true);
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
