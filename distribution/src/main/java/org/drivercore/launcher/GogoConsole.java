package org.drivercore.launcher;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

/**
 * The interactive Gogo console: the Gogo shell bundle, started once per framework start (again after a reboot),
 * and the power-off when its console ends (Ctrl-D, {@code exit 0}).
 *
 * <p>The shell runs with {@code gosh.args=--noshutdown}, and this console stops the framework when the shell's
 * console ends, instead of Gogo: Gogo's console thread reads standard input without being interruptible, so after
 * a reboot the previous console still waits for a line; with Gogo's own shutdown, that stale console would stop the
 * rebooted container on the first line typed. Here only the console of the current shell, with the shell bundle
 * active, powers off.
 */
final class GogoConsole {

    static final String COMMAND_SESSION_LISTENER = "org.apache.felix.service.command.CommandSessionListener";

    private final Container container;
    private final Consumer<String> warn;
    private final AtomicInteger generation = new AtomicInteger();

    GogoConsole(Container container, Consumer<String> warn) {
        this.container = container;
        this.warn = warn;
    }

    /** Starts the Gogo shell bundle, transiently: a reboot does not restart it by itself. */
    void start(BundleContext context) {
        Bundle shell = Arrays.stream(context.getBundles())
                .filter(b -> Container.GOGO_SHELL.equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new LaunchException("the Gogo shell bundle (" + Container.GOGO_SHELL
                        + ") is not installed; check conf/config.properties"));
        int current = generation.incrementAndGet();
        if (!container.gogoShuts()) {
            watch(context, shell, current);
        }
        try {
            shell.start(Bundle.START_TRANSIENT);
        } catch (BundleException e) {
            throw new LaunchException("cannot start the Gogo shell: " + e.getMessage(), e);
        }
    }

    /**
     * Registers a Gogo {@code CommandSessionListener} (a proxy of the interface as the Gogo runtime bundle loads it)
     * that powers off when the shell's {@code gosh --login} command returns.
     */
    private void watch(BundleContext context, Bundle shell, int current) {
        ServiceReference<?> processor = context.getServiceReference(GogoSession.COMMAND_PROCESSOR);
        Class<?> listenerType;
        try {
            listenerType = processor.getBundle().loadClass(COMMAND_SESSION_LISTENER);
        } catch (ClassNotFoundException | RuntimeException e) {
            warn.accept("cannot watch the Gogo console (" + e + "); end the shell with 'stop 0'");
            return;
        }
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> "drivercore console listener";
            case "afterExecute" -> {
                if (args.length == 3 && String.valueOf(args[1]).trim().startsWith("gosh --login")) {
                    ended(shell, current);
                }
                yield null;
            }
            default -> null;
        };
        Object listener = Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] { listenerType }, handler);
        context.registerService(listenerType.getName(), listener, null);
    }

    private void ended(Bundle shell, int ofGeneration) {
        Framework fw = container.framework();
        if (ofGeneration == generation.get() && shell.getState() == Bundle.ACTIVE
                && fw != null && fw.getState() == Bundle.ACTIVE) {
            try {
                fw.stop();
            } catch (BundleException e) {
                warn.accept("cannot stop the container: " + e.getMessage());
            }
        }
    }
}
