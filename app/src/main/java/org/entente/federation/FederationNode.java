package org.entente.federation;

import java.nio.file.Path;

/** This node's place in the federation: whether it takes part, on which port, with which credentials. */
public interface FederationNode {

    boolean enabled();

    /** The federation port the node listens on once started (useful when configured as 0); -1 when disabled. */
    int port();

    /** The key directory in use ({@code entente.federation.key-dir}, default {@code <home>/federation}). */
    Path keyDirectory();

    /** This node's credentials; IllegalStateException when federation is disabled. */
    NodeCredentials credentials();
}
