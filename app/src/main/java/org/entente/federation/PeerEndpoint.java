package org.entente.federation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An endpoint for peer nodes: served only on the federation port (mutual TLS, TLS 1.3), under
 * {@code /federation/}, to a caller identified by its client certificate as a {@link PeerIdentity}. No
 * user, token or session reaches it. The permission architecture test accepts this as the fourth
 * access declaration, and only on handlers mapped under {@code /federation/} (and there only this one).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface PeerEndpoint {
    /** What a peer does with this endpoint. */
    String because();
}
