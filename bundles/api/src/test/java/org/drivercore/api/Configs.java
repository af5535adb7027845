package org.drivercore.api;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * For tests of DS components: a component property type (a configuration annotation) whose methods return the given
 * values, else their defaults, as SCR would build it from a configuration.
 */
public final class Configs {

    private Configs() {
    }

    /** The configuration, with values by method name ({@code shutdown_timeout_s}). */
    public static <A extends Annotation> A of(Class<A> type, Map<String, Object> values) {
        for (String name : values.keySet()) {
            try {
                type.getDeclaredMethod(name);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(type.getName() + " has no " + name);
            }
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, m, args) -> {
            if (m.getName().equals("annotationType")) {
                return type;
            }
            if (values.containsKey(m.getName())) {
                return values.get(m.getName());
            }
            if (m.getDefaultValue() != null) {
                return m.getDefaultValue();
            }
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    default -> type.getSimpleName() + values;
                };
            }
            throw new IllegalStateException(type.getName() + "." + m.getName() + " has no default and no value");
        });
        return type.cast(proxy);
    }

    /** Every method at its default. */
    public static <A extends Annotation> A defaults(Class<A> type) {
        return of(type, Map.of());
    }
}
