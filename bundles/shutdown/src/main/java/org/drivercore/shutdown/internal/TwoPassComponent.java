package org.drivercore.shutdown.internal;

import org.drivercore.api.shutdown.ShutdownStrategy;
import org.drivercore.shutdown.strategy.TwoPassStrategy;
import org.osgi.service.component.annotations.Component;

/** The {@code two-pass} strategy (the seed's v3 (2022)) as a service. */
@Component(service = ShutdownStrategy.class, property = {
        StrategyRegistry.NAME_PROPERTY + "=" + TwoPassStrategy.NAME,
        StrategyRegistry.POOL_PROPERTY + "=kernel" })
public final class TwoPassComponent extends BuiltInStrategies.Component {

    public TwoPassComponent() {
        super(TwoPassStrategy::new);
    }
}
