package org.drivercore.console.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.felix.gogo.jline.Expander;
import org.apache.felix.gogo.jline.Highlighter;
import org.apache.felix.gogo.jline.ParsedLineImpl;
import org.apache.felix.gogo.jline.Parser;
import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.gogo.runtime.CommandSessionImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.felix.service.command.Job;
import org.apache.felix.service.command.Job.Status;
import org.drivercore.common.gogo.GogoMessages;
import org.jline.builtins.Completers;
import org.jline.builtins.Completers.CompletionData;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.Terminal.Signal;
import org.jline.terminal.Terminal.SignalHandler;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * The read-execute loop of the console, as Gogo's {@code Shell.runShell}, with Gogo's line reader (its parser,
 * completion, highlighting and history) and profile, and two differences a user sees: an error is one line, its
 * message (the class name only when there is no message; {@code $exception printStackTrace}, alias {@code e}, shows
 * the rest), and a command interrupted with Ctrl-C says "interrupted" rather than Gogo's
 * {@code java.lang.InterruptedException}.
 */
final class ConsoleLoop {


    private final CommandSession session;
    private final Terminal terminal;
    private final AtomicBoolean stopping;
    private final LineReader reader;
    /** Set by Ctrl-C while a command runs, read when its failure is shown. */
    private final AtomicBoolean interrupted = new AtomicBoolean();

    ConsoleLoop(CommandSession session, Terminal terminal, AtomicBoolean stopping) {
        this.session = session;
        this.terminal = terminal;
        this.stopping = stopping;
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .variables(((CommandSessionImpl) session).getVariables())
                .completer(new Completers.Completer(new Environment()))
                .highlighter(new Highlighter(session))
                .parser(new Parser())
                .expander(new Expander(session))
                .build();
        reader.setOpt(LineReader.Option.AUTO_FRESH_LINE);
        // Where the profile's 'complete' commands put their completions, and what Gogo's own commands read.
        session.put(Shell.VAR_READER, reader);
        session.put(Shell.VAR_COMPLETIONS, new HashMap<String, List<CompletionData>>());
    }

    /** Reads and runs lines until Ctrl-D (returns normally) or until the console is stopped. */
    void run() {
        SignalHandler previous = terminal.handle(Signal.INT, s -> {
            Job job = session.foregroundJob();
            if (job != null) {
                interrupted.set(true);
                job.interrupt();
            }
        });
        try {
            while (!stopping.get()) {
                String prompt = Shell.getPrompt(session);
                String rprompt = Shell.getRPrompt(session);
                try {
                    reader.readLine(prompt, rprompt, (Character) null, null);
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C on the line being edited: a new line, as in a Unix shell
                } catch (EndOfFileException e) {
                    saveHistory();
                    return;
                }
                ParsedLine line = reader.getParsedLine();
                if (line == null) {
                    saveHistory();
                    return;
                }
                execute((ParsedLineImpl) line);
            }
        } catch (RuntimeException e) {
            if (!stopping.get()) {
                throw e;
            }
            // the framework is stopping: the reader was interrupted
        } finally {
            terminal.handle(Signal.INT, previous);
        }
    }

    private void execute(ParsedLineImpl line) {
        interrupted.set(false);
        List<String> words = line.words().stream().filter(w -> !w.isBlank()).toList();
        if (words.size() == 2 && words.get(0).equals("help") && words.get(1).contains("-")) {
            // Gogo's help finds a command by its method's name; a name with '-' (dc:critical-path) has none: it answers
            // --help itself.
            run(words.get(1) + " --help");
            return;
        }
        run(line.program());
    }

    private void run(CharSequence program) {
        if (terminal.getWidth() > 0) {
            // Tables fit the terminal as it is now (common.text.Terminal reads this).
            System.setProperty(org.drivercore.common.text.Terminal.COLUMNS_PROPERTY, Integer.toString(terminal.getWidth()));
        }
        try {
            Object result = session.execute(program);
            session.put(Shell.VAR_RESULT, result);
            if (result != null && !Boolean.FALSE.equals(session.get(".Gogo.format"))) {
                terminal.writer().println(session.format(result, Converter.INSPECT));
            }
        } catch (Exception e) {
            session.put(Shell.VAR_EXCEPTION, e);
            // An interrupted command was most likely in the middle of a line (a progress line): end it first.
            error(interrupted.get() || e instanceof InterruptedException ? "\ninterrupted" : describe(e));
        }
        try {
            awaitJobs();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        terminal.flush();
    }

    /** A failure in one line: its message, else its class; Gogo's "Cannot coerce" said plainly. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getName();
        }
        return GogoMessages.unmatchedCommand(message)
                .map(f -> GogoMessages.missingArguments(f, "; 'help " + f + "' shows its usage")).orElse(message);
    }

    private void error(String text) {
        terminal.writer().println(new AttributedString(text, AttributedStyle.DEFAULT.foreground(AttributedStyle.RED))
                .toAnsi(terminal));
        terminal.flush();
    }

    /** As Gogo's shell: a command run in the foreground is waited for before the next prompt. */
    private void awaitJobs() throws InterruptedException {
        for (Job job = session.foregroundJob(); job != null; job = session.foregroundJob()) {
            synchronized (job) {
                if (job.status() == Status.Foreground) {
                    job.wait();
                }
            }
        }
    }

    private void saveHistory() {
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            // history is a convenience
        }
    }

    /** What Gogo's completer asks of the session: as {@code Shell.gosh} gives it. */
    private final class Environment implements Completers.CompletionEnvironment {
        @Override
        public Map<String, List<CompletionData>> getCompletions() {
            return Shell.getCompletions(session);
        }

        @Override
        public Set<String> getCommands() {
            return Shell.getCommands(session);
        }

        @Override
        public String resolveCommand(String command) {
            return Shell.resolve(session, command);
        }

        @Override
        public String commandName(String command) {
            int idx = command.indexOf(':');
            return idx >= 0 ? command.substring(idx + 1) : command;
        }

        @Override
        public Object evaluate(LineReader lineReader, ParsedLine line, String func) throws Exception {
            session.put(Shell.VAR_COMMAND_LINE, line);
            return session.execute(func);
        }
    }
}
