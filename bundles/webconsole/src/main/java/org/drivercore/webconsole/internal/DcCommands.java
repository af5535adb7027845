package org.drivercore.webconsole.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;

/**
 * The page's data and actions are the {@code dc:} commands themselves, run through Gogo: the JSON a view shows is what
 * {@code dc:devices --json} prints in the shell, and an action refuses what the command refuses, with its message.
 */
final class DcCommands {

    /** A command's refusal: its one-line message, for the page. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private final CommandProcessor processor;

    DcCommands(CommandProcessor processor) {
        this.processor = processor;
    }

    /** Runs a command line in a session of its own and returns what it answered, as text. */
    String run(String line) throws Refused {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print);
        try {
            Object result = session.execute(line);
            return result == null ? "" : result instanceof CharSequence ? result.toString()
                    : String.valueOf(session.format(result, org.apache.felix.service.command.Converter.INSPECT));
        } catch (Exception e) {
            throw new Refused(e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            session.close();
        }
    }

    /** What {@code dc:report} writes about the last shutdown, comparison or plan: its JSON or its timeline SVG. */
    String report(String option, String suffix) throws Refused, IOException {
        // A directory of its own (mode 700): a file name in the shared /tmp could be taken by another user in between.
        Path dir = Files.createTempDirectory("drivercore-web-");
        Path file = dir.resolve("last" + suffix);
        try {
            run("dc:report " + option + " '" + file + "'");
            return Files.readString(file);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** A path as a Gogo argument: quoted, and refused if it could end the quotes. */
    static String quoted(String path) throws Refused {
        if (path == null || path.isBlank()) {
            throw new Refused("path: which file? (a machine file, a udev database, a umockdev recording or /sys)");
        }
        // Inside single quotes Gogo expands nothing: only a quote or a line break could end the argument.
        if (path.indexOf('\'') >= 0 || path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0) {
            throw new Refused("path: '" + path + "' is not a path this page passes on (quotes, new lines or nothing)");
        }
        return "'" + path + "'";
    }
}
