package org.drivercore.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command run in a pseudo-terminal, as a user at a terminal runs it: util-linux's {@code script} (in every Debian
 * system) opens the terminal, the test types into it and reads what the terminal shows.
 */
final class Pty implements AutoCloseable {

    /** ESC [ ... letter: the terminal's control sequences, left out of what the test reads. */
    private static final Pattern CONTROL = Pattern.compile("\u001B(\\[[0-9;?]*[A-Za-z]|\\][^\u0007]*\u0007|[()][A-Z0-9]|[=>])");

    private final Process process;
    private final OutputStream keys;
    private final StringBuffer screen = new StringBuffer();
    private final Thread reader;

    private Pty(Process process) {
        this.process = process;
        this.keys = process.getOutputStream();
        InputStream in = process.getInputStream();
        this.reader = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the terminal closed
            }
        }, "pty reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs {@code command} in a terminal of 150 columns by 50 lines, in {@code dir}, with {@code env} added. */
    static Pty start(Path dir, Map<String, String> env, String command) throws IOException {
        ProcessBuilder b = new ProcessBuilder(List.of("script", "-q", "-f", "-e", "-c",
                "stty cols 150 rows 50; exec " + command, "/dev/null")).directory(dir.toFile()).redirectErrorStream(true);
        b.environment().put("TERM", "xterm");
        b.environment().remove("DRIVERCORE_LOG");
        b.environment().remove("DRIVERCORE_JAVA_OPTS");
        b.environment().putAll(env);
        return new Pty(b.start());
    }

    /** Types {@code text} (control characters included: "\t" is Tab, "\u0003" Ctrl-C, "\u0004" Ctrl-D). */
    Pty type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
        return this;
    }

    /** What the terminal showed so far, without its control sequences and carriage returns. */
    String screen() {
        return CONTROL.matcher(screen).replaceAll("").replace("\r", "");
    }

    /** Waits until the screen shows {@code text} at least {@code times} times; fails after the timeout. */
    Pty await(String text, int times, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (count(screen(), text) < times) {
            if (System.nanoTime() > deadline || !process.isAlive() && count(screen(), text) < times) {
                throw new AssertionError("the terminal did not show '" + text + "' " + times + " time(s) within "
                        + timeoutSeconds + " s" + (process.isAlive() ? "" : " (the command ended)") + "; it shows:\n"
                        + screen());
            }
            Thread.sleep(50);
        }
        return this;
    }

    static int count(String haystack, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(haystack);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /**
     * Ends the shell with Ctrl-D, as a user does, and waits for its exit status. A Ctrl-D typed in the instant before
     * the line reader takes the terminal (still in canonical mode) is an end of file nobody reads: a user presses it
     * again, and so does this, every 5 s.
     */
    int ctrlD(long timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            type("\u0004");
            if (process.waitFor(5, TimeUnit.SECONDS) || System.nanoTime() > deadline) {
                return exitStatus(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime())));
            }
        }
    }

    /** The process ids of what runs in the terminal (the JVM among them). */
    List<Long> pids() {
        return process.descendants().map(ProcessHandle::pid).toList();
    }

    /** Waits for the command to end and returns its exit status. */
    int exitStatus(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the command did not end within " + timeoutSeconds + " s; the terminal shows:\n"
                    + screen());
        }
        reader.join(2000);
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
