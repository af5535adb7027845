package org.drivercore.common.text;

/** Word wrapping for the terminal. */
public final class Wrap {

    private Wrap() {
    }

    /**
     * {@code text} (its leading spaces kept) in lines of at most {@code width} characters, broken at spaces, every
     * line after the first starting with {@code indent}; a word longer than a line stays whole. Ends with a newline.
     */
    public static String hanging(String text, int width, String indent) {
        String body = text.stripLeading();
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(text.substring(0, text.length() - body.length()));
        int start = line.length();
        for (String word : body.split(" +")) {
            if (line.length() > start && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line.setLength(0);
                line.append(indent);
                start = line.length();
            }
            if (line.length() > start) {
                line.append(' ');
            }
            line.append(word);
        }
        return out.append(line).append('\n').toString();
    }
}
