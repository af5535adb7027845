package org.drivercore.launcher;

import java.io.IOException;
import java.util.Arrays;
import java.util.Hashtable;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * The interactive console's terminal, and the console bundle that runs Gogo's JLine shell on it.
 *
 * <p>The terminal belongs to the process: opened once, before the first framework start, and closed at exit.
 * Each framework start (again after a reboot) gets it as a service of the system bundle, and the console bundle
 * ({@code org.drivercore.console}) is started on it. A JLine system terminal cannot be closed and opened again in
 * one process (closing it closes standard output), and one shared terminal means no keystroke is read by the
 * console of a framework that is gone.
 *
 * <p>Ctrl-C is the shell's: it cancels the line being edited or interrupts the running command, as in a Unix
 * shell; it does not power off. Ctrl-D and {@code stop 0} do; so does SIGTERM.
 */
final class GogoConsole implements AutoCloseable {

    private final Terminal terminal;

    private GogoConsole(Terminal terminal) {
        this.terminal = terminal;
    }

    /** Opens the process's terminal: standard input and output, with native signals (Ctrl-C reaches the shell). */
    static GogoConsole open() {
        try {
            return new GogoConsole(TerminalBuilder.builder()
                    .name("drivercore")
                    .system(true)
                    // The default handling (Ctrl-C stops the container, as in a one-shot command) until the console
                    // takes Ctrl-C for itself: while the container starts, loads a machine, reboots or powers off.
                    .nativeSignals(true)
                    .signalHandler(Terminal.SignalHandler.SIG_DFL)
                    // Without a terminal (input from a file or a pipe): a dumb one, without JLine's warning.
                    .dumb(true)
                    .build());
        } catch (IOException e) {
            throw new LaunchException("cannot open the terminal: " + e.getMessage(), e);
        }
    }

    /** Offers the terminal to the framework that has just started, and starts the console on it (transiently). */
    void start(BundleContext context) {
        Bundle console = Arrays.stream(context.getBundles())
                .filter(b -> Container.CONSOLE.equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new LaunchException("the console bundle (" + Container.CONSOLE
                        + ") is not installed; check conf/config.properties"));
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("service.description", "the drivercore process's terminal");
        // Registered by the system bundle: it goes away when this framework stops, and the console with it.
        context.registerService(Terminal.class, terminal, properties);
        try {
            console.start(Bundle.START_TRANSIENT);
        } catch (BundleException e) {
            throw new LaunchException("cannot start the console: " + e.getMessage(), e);
        }
    }

    /** Restores the terminal's modes (JLine's own shutdown hook would too, at exit). */
    @Override
    public void close() {
        try {
            terminal.close();
        } catch (IOException e) {
            // the process is ending; nothing to restore
        }
    }
}
