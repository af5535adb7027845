package org.drivercore.topology.internal.udev;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.drivercore.api.MachineException;

/**
 * The lines of a text source, read with bounds: UTF-8 only (an invalid byte or a NUL is binary content), no line
 * longer than {@link #MAX_LINE} characters, so that a garbage or truncated file costs at most one line of memory
 * before it is refused with its line number.
 */
public final class SourceLines {

    /** Longer than any line udev or umockdev writes (a few hundred characters; a binary attribute a few thousand). */
    public static final int MAX_LINE = 1 << 16;

    private final String source;
    private final Reader in;
    private final StringBuilder line = new StringBuilder();
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private int number;
    private boolean ended;

    public SourceLines(String source, InputStream in) {
        this.source = source;
        this.in = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    /** The next line without its line terminator, or null at the end. */
    public String next() {
        if (ended) {
            return null;
        }
        line.setLength(0);
        number++;
        try {
            int c;
            while ((c = read()) >= 0) {
                if (c == '\n') {
                    return stripCr();
                }
                if (c == 0) {
                    throw error("binary content (a NUL character): not a text file");
                }
                if (line.length() == MAX_LINE) {
                    throw error("a line longer than " + MAX_LINE + " characters: not a udev database or recording");
                }
                line.append((char) c);
            }
        } catch (CharacterCodingException e) {
            throw error("binary content (not UTF-8): not a text file");
        } catch (IOException e) {
            throw new MachineException(source, "cannot read: " + e.getMessage(), e);
        }
        ended = true;
        return line.length() == 0 ? null : stripCr();
    }

    private int read() throws IOException {
        if (position == limit) {
            limit = in.read(buffer);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++];
    }

    private String stripCr() {
        int n = line.length();
        return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
    }

    /** The number of the line {@link #next()} returned last (1-based). */
    public int number() {
        return number;
    }

    public String source() {
        return source;
    }

    /** An error at the current line. */
    public MachineException error(String message) {
        return new MachineException(source, number, -1, null, message);
    }
}
