package org.drivercore.itests.tiny;

import java.util.Dictionary;
import java.util.Hashtable;

import org.drivercore.api.shutdown.ShutdownStrategy;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers {@link TinyStrategy}: a test bundle made without DS, so a plain activator. */
public final class TinyActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("strategy.name", TinyStrategy.NAME);
        context.registerService(ShutdownStrategy.class, new TinyStrategy(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
