package org.drivercore.api;

import java.util.Optional;

/**
 * A machine file that cannot be loaded: the message starts with where ({@code file:line:column}, and the
 * JSON pointer of the value at fault), then what is wrong and why. Nothing was registered.
 */
public class MachineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String pointer;

    public MachineException(String source, int line, int column, String pointer, String message) {
        super(format(source, line, column, pointer, message));
        this.source = source;
        this.line = line;
        this.column = column;
        this.pointer = pointer;
    }

    public MachineException(String source, String message, Throwable cause) {
        super(source + ": " + message, cause);
        this.source = source;
        this.line = -1;
        this.column = -1;
        this.pointer = null;
    }

    private static String format(String source, int line, int column, String pointer, String message) {
        StringBuilder b = new StringBuilder(source);
        if (line > 0) {
            b.append(':').append(line);
            if (column > 0) {
                b.append(':').append(column);
            }
        }
        b.append(": ");
        if (pointer != null && !pointer.isEmpty()) {
            b.append("at ").append(pointer).append(": ");
        }
        return b.append(message).toString();
    }

    public String source() {
        return source;
    }

    /** 1-based line, or -1 when unknown. */
    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The JSON pointer of the value at fault ({@code /devices/3/parent}), if known. */
    public Optional<String> pointer() {
        return Optional.ofNullable(pointer);
    }
}
