package org.drivercore.shutdown.internal;

import org.drivercore.api.shutdown.ShutdownStrategy;
import org.drivercore.shutdown.strategy.CookieChainStrategy;
import org.osgi.service.component.annotations.Component;

/** The {@code cookie-chain} strategy (Hayes v8 (2024), flaws kept) as a service. */
@Component(service = ShutdownStrategy.class, property = {
        StrategyRegistry.NAME_PROPERTY + "=" + CookieChainStrategy.NAME,
        StrategyRegistry.POOL_PROPERTY + "=kernel" })
public final class CookieChainComponent extends BuiltInStrategies.Component {

    public CookieChainComponent() {
        super(CookieChainStrategy::new);
    }
}
