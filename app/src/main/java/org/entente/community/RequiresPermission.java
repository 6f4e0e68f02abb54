package org.entente.community;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission a caller needs to use an endpoint, by name (e.g. {@code "intel.read"}). Every HTTP
 * endpoint carries this or {@link PublicEndpoint}; {@code EndpointPermissionArchitectureTest} fails the
 * build otherwise, and {@code PermissionInterceptor} refuses requests to an endpoint that has neither.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresPermission {
    /** A {@link Permission} name. */
    String value();
}
