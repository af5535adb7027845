package org.drivercore.console.internal;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.felix.gogo.jline.Builtin;
import org.apache.felix.gogo.jline.Converters;
import org.apache.felix.gogo.jline.Posix;
import org.apache.felix.gogo.jline.Procedural;
import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.gogo.runtime.Token;
import org.apache.felix.gogo.runtime.Tokenizer;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.jline.terminal.Terminal;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interactive console: Gogo's JLine shell ({@code gosh --login}) on the terminal that the launcher registered.
 *
 * <p>This is what the Gogo JLine bundle's own activator does, with one difference: the terminal is not ours. The
 * activator opens a system terminal per bundle start and closes it at stop, and closing a system terminal closes
 * the process's standard output (the JVM points file descriptor 1 at /dev/null), so a console started again after
 * a reboot (a framework restart) would have no terminal. Here the launcher opens the terminal once per process and
 * offers it as a service; a console only borrows it: the console of a framework that stops ends, and the next one
 * reads the same terminal, so no keystroke goes to a console that is gone.
 *
 * <p>When the user ends the console (Ctrl-D), the container powers off (the system bundle stops);
 * when the framework stops first, the console only ends.
 */
@Component(immediate = true, service = {})
public final class TerminalConsole {

    private static final Logger LOG = LoggerFactory.getLogger(TerminalConsole.class);
    private static final long STOP_WAIT_MS = 5000;
    /** The session variable that keeps Gogo's profile from printing its motd. */
    private static final String QUIET = ".gosh_quiet";
    static final String BANNER = "drivercore shell: Tab completes commands and options, 'help dc:devices' explains one;\n"
            + "Ctrl-C interrupts a command; Ctrl-D or 'stop 0' powers the machine off.";

    private final BundleContext context;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Shell shell;
    private final Thread thread;

    @Activate
    public TerminalConsole(BundleContext context, @Reference CommandProcessor processor, @Reference Terminal terminal) {
        this.context = context;
        registerGogoCommands(processor);
        shell = new Shell(new ConsoleContext(), processor);
        registerCommands(shell, "Shell");
        // The session's streams are the terminal's, shielded from close(): Gogo closes a job's streams when the job is
        // interrupted, and closing the terminal's would close the process's standard input and output for good.
        OutputStream out = new FilterOutputStream(terminal.output()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                this.out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
        InputStream in = new FilterInputStream(terminal.input()) {
            @Override
            public void close() {
                // the terminal's: not ours to close
            }
        };
        CommandSession session = processor.createSession(in, out, out);
        List<String> args = goshArgs(context.getProperty("gosh.args"));
        thread = new Thread(() -> run(session, terminal, args), "drivercore console");
        thread.start();
    }

    /**
     * {@code --login} (reads etc/gosh_profile), {@code --nointeractive} (the loop is {@link ConsoleLoop}) and
     * {@code --noshutdown} (the power-off is this console's), then gosh.args.
     */
    static List<String> goshArgs(String configured) {
        List<String> args = new ArrayList<>(List.of("--login", "--nointeractive", "--noshutdown"));
        if (configured != null) {
            Tokenizer tokenizer = new Tokenizer(configured);
            for (Token token = tokenizer.next(); token != null; token = tokenizer.next()) {
                args.add(token.toString());
            }
        }
        return args;
    }

    private void run(CommandSession session, Terminal terminal, List<String> args) {
        try {
            session.put(Shell.VAR_TERMINAL, terminal);
            session.put(QUIET, Boolean.TRUE); // the banner below instead of Gogo's motd
            ConsoleLoop loop = new ConsoleLoop(session, terminal, stopping);
            shell.gosh(session, args.toArray(new String[0]));
            CommandCompletions.register(context, session);
            terminal.writer().println(BANNER);
            terminal.flush();
            loop.run();
        } catch (Throwable t) {
            if (!stopping.get()) {
                LOG.error("the console failed: {}", t.toString());
            }
        } finally {
            session.close();
        }
        if (!stopping.get()) {
            powerOff();
        }
    }

    /** The user ended the console: stop the framework (asynchronously, in Felix), which powers off. */
    private void powerOff() {
        try {
            context.getBundle(0).stop();
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("cannot stop the container: {}", e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        stopping.set(true);
        shell.stop();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MS);
        try {
            // JLine's reader answers an interrupt by ending readLine; a running command gets it as Ctrl-C would.
            while (thread.isAlive() && thread != Thread.currentThread() && System.nanoTime() < deadline) {
                thread.interrupt();
                thread.join(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive() && thread != Thread.currentThread()) {
            LOG.warn("the console did not end within {} ms", STOP_WAIT_MS);
        }
        for (ServiceRegistration<?> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        registrations.clear();
    }

    /** Gogo's converters and its gogo: commands (cat, grep, each, if, ...), as the Gogo JLine bundle registers them. */
    private void registerGogoCommands(CommandProcessor processor) {
        registrations.add(context.registerService(Converter.class, new Converters(context.getBundle(0).getBundleContext()),
                null));
        registerCommands(new Builtin(), "Builtin");
        registerCommands(new Procedural(), "Procedural");
        registerCommands(new Posix(processor), "Posix");
    }

    private void registerCommands(Object commands, String name) {
        String[] functions = functions(commands.getClass());
        if (functions == null) {
            LOG.warn("Gogo's {} commands are not available: this Gogo JLine version does not list them", name);
            return;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(CommandProcessor.COMMAND_SCOPE, "gogo");
        properties.put(CommandProcessor.COMMAND_FUNCTION, functions);
        registrations.add(context.registerService(commands.getClass().getName(), commands, properties));
    }

    /**
     * The function names a Gogo JLine command class lists in its package-private {@code functions} field (the
     * bundle's activator reads it; copying the lists here would go stale with the next Gogo version).
     */
    static String[] functions(Class<?> type) {
        try {
            Field field = type.getDeclaredField("functions");
            field.setAccessible(true);
            return ((String[]) field.get(null)).clone();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private final class ConsoleContext implements Shell.Context {
        @Override
        public String getProperty(String name) {
            return context.getProperty(name);
        }

        /** What Gogo's shell calls to end the framework (a script run with gosh without --noshutdown): a power-off. */
        @Override
        public void exit() {
            powerOff();
        }
    }
}
