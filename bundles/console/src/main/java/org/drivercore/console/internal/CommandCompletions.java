package org.drivercore.console.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceRegistry;
import org.jline.builtins.Completers.CompletionData;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Tab completion for the {@code dc:} commands, from the same annotations their help comes from: each command's
 * options ({@code @Parameter} names, described by their {@code @Descriptor}), and, for a command that takes a
 * device, the devices registered now (their names where a name is unique, else their paths). Gogo's profile does
 * this by hand ({@code complete -c ...}) for its own commands.
 */
final class CommandCompletions {

    /** The session function that lists the devices; {@code $DC_DEVICES} calls it. */
    static final String DEVICES_VARIABLE = "DC_DEVICES";
    private static final String SCOPE = "dc";

    private CommandCompletions() {
    }

    /** Adds the completions of every {@code dc:} command registered now to the session's completions. */
    static void register(BundleContext context, CommandSession session) {
        Map<String, List<CompletionData>> completions = Shell.getCompletions(session);
        if (completions == null) {
            return;
        }
        session.put("#" + DEVICES_VARIABLE, (Function) (s, args) -> devices(context));
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences((String) null, "(osgi.command.scope=" + SCOPE + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
            Object commands = context.getService(ref);
            if (commands == null) {
                continue;
            }
            try {
                for (String function : functions(ref.getProperty("osgi.command.function"))) {
                    completions.put(SCOPE + ":" + function, of(commands.getClass(), function));
                }
            } finally {
                context.ungetService(ref);
            }
        }
    }

    /** The options of every method that serves the function (by its name, or {@code _main}), and its device argument. */
    static List<CompletionData> of(Class<?> type, String function) {
        Map<String, CompletionData> options = new HashMap<>();
        boolean device = false;
        for (Method m : type.getMethods()) {
            if (!m.getName().equals(function) && !m.getName().equals("_main")) {
                continue;
            }
            for (java.lang.reflect.Parameter p : m.getParameters()) {
                Parameter option = p.getAnnotation(Parameter.class);
                Descriptor d = p.getAnnotation(Descriptor.class);
                if (option != null) {
                    options.putIfAbsent(option.names()[0], new CompletionData(List.of(option.names()),
                            d == null ? null : d.value(), null, null));
                } else if (d != null && (d.value().startsWith("the device") || d.value().startsWith("DEVICE"))) {
                    device = true;
                }
            }
        }
        List<CompletionData> out = new ArrayList<>(options.values());
        if (device) {
            out.add(new CompletionData(null, null, "$" + DEVICES_VARIABLE, null));
        }
        return out;
    }

    /** Each device by its name where no other device has it, else by its path. */
    static List<String> devices(BundleContext context) {
        ServiceReference<DeviceRegistry> ref = context.getServiceReference(DeviceRegistry.class);
        DeviceRegistry registry = ref == null ? null : context.getService(ref);
        if (registry == null) {
            return List.of();
        }
        try {
            List<Device> devices = registry.devices();
            Map<String, Integer> names = new HashMap<>();
            devices.forEach(d -> names.merge(d.name(), 1, Integer::sum));
            Set<String> out = new LinkedHashSet<>();
            for (Device d : devices) {
                out.add(names.get(d.name()) == 1 ? d.name() : d.path());
            }
            return List.copyOf(out);
        } finally {
            context.ungetService(ref);
        }
    }

    private static List<String> functions(Object property) {
        List<String> out = new ArrayList<>();
        if (property instanceof String s) {
            out.add(s);
        } else if (property instanceof String[] array) {
            out.addAll(List.of(array));
        } else if (property instanceof Collection<?> c) {
            c.forEach(o -> out.add(String.valueOf(o)));
        }
        return out;
    }
}
