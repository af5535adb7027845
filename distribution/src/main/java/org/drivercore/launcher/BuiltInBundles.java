package org.drivercore.launcher;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * The bundles {@code conf/config.properties} installs ({@code felix.auto.start.N}, {@code felix.auto.install.N}),
 * put back when one is uninstalled while the container runs.
 *
 * <p>Why: FileInstall adopts an installed bundle when a jar of the same symbolic name and version is copied into
 * {@code deploy/} ("already installed. Updating this bundle instead"), and uninstalls it when that jar is deleted. So
 * copying {@code bundle/org.drivercore.bus.usb.jar} into {@code deploy/} and deleting it took the USB bus away for
 * good. A built-in bundle comes back instead, from {@code bundle/}, at its start level, started if it was an
 * auto-start one; to take one away for a while, stop it ({@code stop ID}), which is a hot-swap.
 */
final class BuiltInBundles implements SynchronousBundleListener {

    private static final Pattern LOCATION = Pattern.compile("\"([^\"]+)\"|(\\S+)");

    /** A built-in bundle: where it is installed from, its start level, whether it is started. */
    record BuiltIn(String location, int startLevel, boolean start) {
    }

    private final Map<String, BuiltIn> byLocation;
    private final Consumer<String> warn;
    private volatile BundleContext context;

    BuiltInBundles(Map<String, String> configProperties, Consumer<String> warn) {
        this.byLocation = parse(configProperties);
        this.warn = warn;
    }

    /** Every location of {@code felix.auto.start.N} and {@code felix.auto.install.N}, with its level. */
    static Map<String, BuiltIn> parse(Map<String, String> properties) {
        Map<String, BuiltIn> out = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            boolean start = key.startsWith("felix.auto.start.");
            if (!start && !key.startsWith("felix.auto.install.")) {
                return;
            }
            int level;
            try {
                level = Integer.parseInt(key.substring(key.lastIndexOf('.') + 1));
            } catch (NumberFormatException e) {
                return; // felix.auto.start without a level: not ours
            }
            Matcher m = LOCATION.matcher(value);
            while (m.find()) {
                String location = m.group(1) != null ? m.group(1) : m.group(2);
                out.put(location, new BuiltIn(location, level, start));
            }
        });
        return out;
    }

    Map<String, BuiltIn> locations() {
        return byLocation;
    }

    /** Watches the framework that has just started (again after a reboot: its listeners went with its stop). */
    void watch(BundleContext systemContext) {
        this.context = systemContext;
        systemContext.addBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() != BundleEvent.UNINSTALLED) {
            return;
        }
        BuiltIn builtIn = byLocation.get(event.getBundle().getLocation());
        BundleContext ctx = context;
        if (builtIn == null || ctx == null || ctx.getBundle(0).getState() != Bundle.ACTIVE) {
            return;
        }
        // Not from the listener's thread: the uninstall is still in progress there.
        Thread t = new Thread(() -> reinstall(ctx, builtIn, event.getBundle().getSymbolicName()), "drivercore built-in");
        t.setDaemon(true);
        t.start();
    }

    private void reinstall(BundleContext ctx, BuiltIn builtIn, String name) {
        Bundle b;
        try {
            b = ctx.installBundle(builtIn.location());
            b.adapt(BundleStartLevel.class).setStartLevel(builtIn.startLevel());
        } catch (BundleException | IllegalStateException e) {
            warn.accept("the built-in bundle " + name + " was uninstalled and cannot be installed again: "
                    + e.getMessage());
            return;
        }
        try {
            if (builtIn.start()) {
                b.start();
            }
            warn.accept("the built-in bundle " + name + " was uninstalled (a copy of it deleted from deploy/?): "
                    + "installed again from bundle/; stop it to take it away for a while");
        } catch (BundleException | IllegalStateException e) {
            warn.accept("the built-in bundle " + name + " was installed again from bundle/ but does not start: "
                    + e.getMessage() + " (start " + b.getBundleId() + " in the shell)");
        }
    }
}
