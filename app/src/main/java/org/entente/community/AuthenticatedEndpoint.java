package org.entente.community;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An endpoint any authenticated caller may use, whatever its permissions: it only ever acts on the
 * caller's own things (its own API tokens, its own session). Said explicitly, with the reason, like
 * {@link org.entente.community.PublicEndpoint}; the permission architecture test accepts exactly these
 * three declarations.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AuthenticatedEndpoint {
    /** Why any authenticated caller may use this endpoint. */
    String because();
}
