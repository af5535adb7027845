package org.drivercore.api.shutdown;

import java.util.Collection;

/**
 * What a program waits for. The engine re-evaluates it whenever a node finishes; {@link #waitingOn()} names
 * the unfinished nodes it needs, so that the hang tracker can print what each waiter waits for and find a
 * wait-for cycle.
 */
@org.osgi.annotation.versioning.ProviderType
public interface Condition {

    boolean satisfied();

    /** Unfinished nodes this condition still needs. */
    Collection<ShutdownNode> waitingOn();

    /** A short description for logs ("children and consumers of #12 /devices/..."). */
    String describe();
}
