package org.drivercore.common.gogo;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.felix.service.command.Parameter;

/**
 * A command's usage line, derived from the same annotations Gogo's {@code help} reads, so that an error's
 * "usage:" and the help never disagree: {@code compare [--clock CLOCK] [--json]}. Options come from
 * {@link Parameter} names (a flag when it has a {@code presentValue}, else an option with a value named after the
 * Java parameter); plain parameters are positional, optional when an overload of the command leaves them out. A
 * trailing {@code String...} is the command's catch-all for what no option took, and is not shown.
 */
public final class Usage {

    private Usage() {
    }

    /** The usage of the command {@code function} of the commands class. */
    public static String of(Class<?> commands, String function) {
        return of(commands, function, function);
    }

    /**
     * The usage of a command whose method has another name: Gogo serves a name with '-' from a method named
     * {@code _main}.
     */
    public static String of(Class<?> commands, String method, String function) {
        List<Method> overloads = Arrays.stream(commands.getMethods())
                .filter(m -> m.getName().equals(method) && Modifier.isPublic(m.getModifiers()))
                .sorted(Comparator.comparingInt(Method::getParameterCount))
                .toList();
        if (overloads.isEmpty()) {
            throw new IllegalArgumentException(commands.getName() + " has no command " + method);
        }
        Method longest = overloads.get(overloads.size() - 1);
        Set<String> inEvery = new LinkedHashSet<>(positional(longest));
        for (Method m : overloads) {
            inEvery.retainAll(positional(m));
        }
        StringBuilder b = new StringBuilder(function);
        java.lang.reflect.Parameter[] params = longest.getParameters();
        for (int i = 0; i < params.length; i++) {
            java.lang.reflect.Parameter p = params[i];
            Parameter option = p.getAnnotation(Parameter.class);
            if (option != null) {
                String name = option.names()[0];
                b.append(" [").append(name);
                if (Parameter.UNSPECIFIED.equals(option.presentValue())) {
                    b.append(' ').append(placeholder(p));
                }
                b.append(']');
            } else if (!(p.isVarArgs() && i == params.length - 1)) {
                String arg = placeholder(p);
                b.append(' ').append(inEvery.contains(arg) ? arg : "[" + arg + "]");
            }
        }
        return b.toString();
    }

    /**
     * Gogo hands what no option took to the command's trailing {@code String...}: an unknown option, or a stray
     * value. Refuses it with a usage error that names it.
     */
    public static void noMore(Class<?> commands, String function, String[] unexpected) {
        noMore(commands, function, function, unexpected);
    }

    /** The same for a command whose method has another name ({@link #of(Class, String, String)}). */
    public static void noMore(Class<?> commands, String method, String function, String[] unexpected) {
        if (unexpected == null || unexpected.length == 0) {
            return;
        }
        String first = unexpected[0];
        throw new IllegalArgumentException(function + ": " + (first.startsWith("-") ? "unknown option '" + first + "'"
                : "unexpected argument '" + first + "'") + " (usage: " + of(commands, method, function) + ")");
    }

    /**
     * The help of a command, from its annotations: what Gogo's {@code help} shows for a command it can find by method
     * name, for one it cannot (a name with '-').
     */
    public static String help(Class<?> commands, String method, String function) {
        Method m = Arrays.stream(commands.getMethods()).filter(x -> x.getName().equals(method)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(commands.getName() + " has no command " + method));
        StringBuilder b = new StringBuilder(function);
        org.apache.felix.service.command.Descriptor d = m.getAnnotation(org.apache.felix.service.command.Descriptor.class);
        if (d != null) {
            b.append(" - ").append(d.value());
        }
        b.append("\n   usage: ").append(of(commands, method, function)).append('\n');
        for (java.lang.reflect.Parameter p : m.getParameters()) {
            Parameter option = p.getAnnotation(Parameter.class);
            org.apache.felix.service.command.Descriptor pd = p.getAnnotation(org.apache.felix.service.command.Descriptor.class);
            if (option != null && pd != null) {
                b.append("      ").append(String.join(", ", option.names())).append("   ").append(pd.value()).append('\n');
            }
        }
        return b.toString();
    }

    private static List<String> positional(Method m) {
        List<String> out = new ArrayList<>();
        java.lang.reflect.Parameter[] params = m.getParameters();
        for (int i = 0; i < params.length; i++) {
            if (params[i].getAnnotation(Parameter.class) == null && !(params[i].isVarArgs() && i == params.length - 1)) {
                out.add(placeholder(params[i]));
            }
        }
        return out;
    }

    /** The Java parameter's name in capitals (the build keeps names with {@code -parameters}). */
    private static String placeholder(java.lang.reflect.Parameter p) {
        return p.getName().toUpperCase(Locale.ROOT);
    }
}
