package org.drivercore.shutdown.internal;

import org.drivercore.api.shutdown.ShutdownStrategy;
import org.drivercore.shutdown.strategy.DagStrategy;
import org.osgi.service.component.annotations.Component;

/** The {@code dag} strategy (ours) as a service. */
@Component(service = ShutdownStrategy.class, property = {
        StrategyRegistry.NAME_PROPERTY + "=" + DagStrategy.NAME,
        StrategyRegistry.POOL_PROPERTY + "=cpu" })
public final class DagComponent extends BuiltInStrategies.Component {

    public DagComponent() {
        super(DagStrategy::new);
    }
}
