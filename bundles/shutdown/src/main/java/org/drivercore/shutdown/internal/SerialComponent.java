package org.drivercore.shutdown.internal;

import org.drivercore.api.shutdown.ShutdownStrategy;
import org.drivercore.shutdown.strategy.SerialStrategy;
import org.osgi.service.component.annotations.Component;

/** The {@code serial} strategy (mainline device_shutdown()) as a service. */
@Component(service = ShutdownStrategy.class, property = {
        StrategyRegistry.NAME_PROPERTY + "=" + SerialStrategy.NAME,
        StrategyRegistry.POOL_PROPERTY + "=kernel" })
public final class SerialComponent extends BuiltInStrategies.Component {

    public SerialComponent() {
        super(SerialStrategy::new);
    }
}
