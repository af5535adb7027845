package org.drivercore.shutdown.internal;

import org.drivercore.api.shutdown.ShutdownStrategy;
import org.drivercore.shutdown.strategy.CompletionsStrategy;
import org.osgi.service.component.annotations.Component;

/** The {@code completions} strategy (v18 (2026)) as a service. */
@Component(service = ShutdownStrategy.class, property = {
        StrategyRegistry.NAME_PROPERTY + "=" + CompletionsStrategy.NAME,
        StrategyRegistry.POOL_PROPERTY + "=kernel" })
public final class CompletionsComponent extends BuiltInStrategies.Component {

    public CompletionsComponent() {
        super(CompletionsStrategy::new);
    }
}
