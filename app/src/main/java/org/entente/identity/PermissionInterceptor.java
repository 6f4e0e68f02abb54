package org.entente.identity;

import org.entente.community.AuthenticatedEndpoint;
import java.util.Optional;

import org.entente.community.Caller;
import org.entente.community.Permission;
import org.entente.community.PublicEndpoint;
import org.entente.community.RequiresPermission;
import org.entente.federation.PeerEndpoint;
import org.entente.federation.PeerIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Enforces each endpoint's declaration: {@link PublicEndpoint} (anyone), {@link AuthenticatedEndpoint}
 * (any authenticated caller), {@link RequiresPermission} (a caller holding that permission) or
 * {@link PeerEndpoint} (a peer node on the federation port, whatever user credentials are sent). An
 * endpoint that declares none of them is refused (and the architecture test fails the build before
 * that can ship). A method's declaration overrides its class's.
 */
class PermissionInterceptor implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(PermissionInterceptor.class);

    private final DeniedAccessRecorder denied;

    PermissionInterceptor(DeniedAccessRecorder denied) {
        this.denied = denied;
    }

    /** What an endpoint declares, the method's declaration first, then its class's. */
    sealed interface Rule {
        record Public() implements Rule {
        }

        record Authenticated() implements Rule {
        }

        record Requires(Permission permission) implements Rule {
        }

        record Peer() implements Rule {
        }
    }

    /** The endpoint's rule, empty when it declares none; unknown permission names are a programming error. */
    static Optional<Rule> rule(HandlerMethod method) {
        Optional<Rule> onMethod = declared(method.getMethodAnnotation(PublicEndpoint.class),
                method.getMethodAnnotation(AuthenticatedEndpoint.class), method.getMethodAnnotation(RequiresPermission.class),
                method.getMethodAnnotation(PeerEndpoint.class), method);
        if (onMethod.isPresent()) {
            return onMethod;
        }
        Class<?> type = method.getBeanType();
        return declared(type.getAnnotation(PublicEndpoint.class), type.getAnnotation(AuthenticatedEndpoint.class),
                type.getAnnotation(RequiresPermission.class), type.getAnnotation(PeerEndpoint.class), method);
    }

    private static Optional<Rule> declared(PublicEndpoint open, AuthenticatedEndpoint authenticated, RequiresPermission requires,
                                           PeerEndpoint peer, HandlerMethod method) {
        int count = (open != null ? 1 : 0) + (authenticated != null ? 1 : 0) + (requires != null ? 1 : 0)
                + (peer != null ? 1 : 0);
        if (count > 1) {
            throw new IllegalStateException("endpoint " + method + " declares more than one access rule");
        }
        if (peer != null) {
            return Optional.of(new Rule.Peer());
        }
        if (open != null) {
            return Optional.of(new Rule.Public());
        }
        if (authenticated != null) {
            return Optional.of(new Rule.Authenticated());
        }
        if (requires != null) {
            return Optional.of(new Rule.Requires(Permission.byCode(requires.value()).orElseThrow(() ->
                    new IllegalStateException("unknown permission '" + requires.value() + "' on " + method))));
        }
        return Optional.empty();
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        if (!(handler instanceof HandlerMethod method)) {
            return true; // static resources: Spring Security decides
        }
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            return true; // the error page of a request that was checked (or refused) already
        }
        Optional<Rule> rule = rule(method);
        if (rule.isEmpty()) {
            log.error("endpoint {} declares no permission; refusing", method);
            Problems.write(request, response, HttpStatus.FORBIDDEN, "This endpoint is not available.");
            return false;
        }
        if (rule.get() instanceof Rule.Public) {
            return true;
        }
        if (rule.get() instanceof Rule.Peer) {
            // Only a request that arrived on the federation port carries a verified peer; anywhere else
            // the endpoint does not exist.
            if (request.getAttribute(PeerIdentity.REQUEST_ATTRIBUTE) instanceof PeerIdentity) {
                return true;
            }
            Problems.write(request, response, HttpStatus.NOT_FOUND, "No such resource.");
            return false;
        }
        Optional<Caller> caller = currentCaller();
        if (caller.isEmpty()) {
            response.addHeader("WWW-Authenticate", SecurityConfiguration.API_CHALLENGE);
            Problems.write(request, response, HttpStatus.UNAUTHORIZED, "Authentication is required.");
            return false;
        }
        if (rule.get() instanceof Rule.Requires(Permission permission) && !caller.get().has(permission)) {
            denied.denied(caller.get(), permission, request.getMethod() + " " + request.getRequestURI());
            Problems.write(request, response, HttpStatus.FORBIDDEN, "This requires the permission '" + permission.code() + "'.");
            return false;
        }
        return true;
    }

    static Optional<Caller> currentCaller() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof Caller c ? Optional.of(c) : Optional.empty();
    }

    static Optional<CallerAuthentication> currentAuthentication() {
        return SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication a
                ? Optional.of(a) : Optional.empty();
    }
}
