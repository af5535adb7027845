package org.drivercore.launcher;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * A Gogo {@code CommandSession}, driven by reflection.
 *
 * <p>The launcher lives on the application class path, outside OSGi; the Gogo API
 * ({@code org.apache.felix.service.command}) is exported by the Gogo runtime bundle inside the
 * framework. Rather than sharing that package through the system bundle, the launcher calls
 * {@code CommandProcessor} and {@code CommandSession} through their interfaces, found on the
 * service object's class by name.
 */
final class GogoSession implements AutoCloseable {

    static final String COMMAND_PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    static final String COMMAND_SESSION = "org.apache.felix.service.command.CommandSession";
    static final String JOB = "org.apache.felix.service.command.Job";
    /** {@code Converter.INSPECT}. */
    private static final int INSPECT = 0;

    private final Object session;
    private final Method put;
    private final Method execute;
    private final Method format;
    private final Method close;
    private final Method foregroundJob;

    private GogoSession(Object session) throws ReflectiveOperationException {
        this.session = session;
        this.put = method(session, COMMAND_SESSION, "put", String.class, Object.class);
        this.execute = method(session, COMMAND_SESSION, "execute", CharSequence.class);
        this.format = method(session, COMMAND_SESSION, "format", Object.class, int.class);
        this.close = method(session, COMMAND_SESSION, "close");
        this.foregroundJob = method(session, COMMAND_SESSION, "foregroundJob");
    }

    /** Opens a session on a {@code CommandProcessor} service object. */
    static GogoSession open(Object processor, InputStream in, OutputStream out, OutputStream err) {
        try {
            Method create = method(processor, COMMAND_PROCESSOR, "createSession",
                    InputStream.class, OutputStream.class, OutputStream.class);
            return new GogoSession(create.invoke(processor, in, out, err));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot open a Gogo session: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot open a Gogo session: " + e, e);
        }
    }

    void put(String name, Object value) {
        invokeQuietly(put, name, value);
    }

    /**
     * Runs {@code line} with its variables set. Whatever the command throws is rethrown as it
     * is (not wrapped), so that the caller can tell usage errors from failures.
     */
    Object execute(GogoCommandLine line) throws Throwable {
        for (Map.Entry<String, Object> variable : line.variables().entrySet()) {
            put(variable.getKey(), variable.getValue());
        }
        try {
            return execute.invoke(session, line.text());
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        }
    }

    /** A command's result as text: itself if it is text, Gogo's formatting otherwise. */
    String render(Object result) {
        if (result == null) {
            return null;
        }
        if (result instanceof CharSequence) {
            return result.toString();
        }
        Object text = invokeQuietly(format, result, INSPECT);
        return text == null ? String.valueOf(result) : text.toString();
    }

    /**
     * Interrupts the command running in the foreground, as the shell's Ctrl-C does ({@code Job.interrupt()}: Gogo
     * runs a command's pipe on its own thread, so interrupting the caller's thread would not reach it).
     */
    void interruptForegroundJob() {
        Object job = invokeQuietly(foregroundJob);
        if (job != null) {
            try {
                method(job, JOB, "interrupt").invoke(job);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(unwrap(e));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        try {
            close.invoke(session);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // closing a session that is gone is not worth a failure
        }
    }

    /** Removes reflection's {@link InvocationTargetException} layers. */
    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while (current instanceof InvocationTargetException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private Object invokeQuietly(Method method, Object... args) {
        try {
            return method.invoke(session, args);
        } catch (InvocationTargetException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The method {@code name} of the interface {@code interfaceName} that {@code target} implements. */
    static Method method(Object target, String interfaceName, String name, Class<?>... parameterTypes)
            throws NoSuchMethodException {
        Class<?> type = findInterface(target.getClass(), interfaceName);
        if (type == null) {
            throw new NoSuchMethodException(target.getClass().getName() + " does not implement " + interfaceName);
        }
        return type.getMethod(name, parameterTypes);
    }

    private static Class<?> findInterface(Class<?> type, String interfaceName) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(interfaceName)) {
                return c;
            }
            for (Class<?> i : c.getInterfaces()) {
                Class<?> found = findInterface(i, interfaceName);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
