package org.drivercore.common.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A component's configuration that falls back to a setting's default when its value cannot be read: SCR converts a
 * {@code .cfg} value when the setting is first read, and a value that is not a number made it throw, which failed the
 * component with a stack trace. Through this view, such a setting says so in one line (once) and reads as the
 * default its {@code @AttributeDefinition} declares.
 */
public final class LenientConfig {

    private LenientConfig() {
    }

    /**
     * @param type     the configuration annotation ({@code @ObjectClassDefinition})
     * @param config   what SCR handed the component
     * @param pid      the configuration's PID, to name in the message
     * @param problems where the one-line message goes (a logger's warn)
     */
    public static <T> T of(Class<T> type, T config, String pid, Consumer<String> problems) {
        Set<String> told = ConcurrentHashMap.newKeySet();
        Object view = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            try {
                // The annotation type may be package-private to its component (MachineLoader.Config).
                method.setAccessible(true);
                return method.invoke(config, args);
            } catch (InvocationTargetException e) {
                Object fallback = method.getDefaultValue();
                if (fallback == null || !(e.getCause() instanceof RuntimeException)) {
                    throw e.getCause();
                }
                if (told.add(method.getName())) {
                    problems.accept(pid + ": " + key(method) + " cannot be read (" + reason(e.getCause()) + "); using its "
                            + "default " + fallback);
                }
                return fallback;
            }
        });
        return type.cast(view);
    }

    /** The setting's key as it is written in the .cfg file: OSGi's name mapping, '_' is '.', '__' is '_'. */
    static String key(Method m) {
        return m.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }

    private static String reason(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        if (root instanceof NumberFormatException || m != null && m.contains("NumberFormatException")) {
            int quote = m == null ? -1 : m.indexOf('"');
            return quote < 0 ? "not a number" : "'" + m.substring(quote + 1, m.lastIndexOf('"')) + "' is not a number";
        }
        return m == null ? root.getClass().getSimpleName() : m;
    }
}
