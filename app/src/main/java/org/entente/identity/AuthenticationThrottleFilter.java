package org.entente.identity;

import java.io.IOException;
import java.util.function.Predicate;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses a request that carries a credential with 429 while its address is blocked by the
 * {@link AuthenticationThrottle}, before anything looks at the credential. Requests without one (the
 * sign-in page, health probes, a console session's cookie) pass: they cost no lookup and guess nothing.
 *
 * <p>The address is {@link HttpServletRequest#getRemoteAddr()}, the one Spring Boot's
 * {@code server.forward-headers-strategy} settles on (docs/OPERATIONS.md): behind a reverse proxy that
 * must be configured, or every client counts as the proxy. {@code X-Forwarded-For} is deliberately not
 * read here: any client can send it, so trusting it would let an attacker pick a fresh address per
 * request, or block someone else's.
 */
final class AuthenticationThrottleFilter extends OncePerRequestFilter {

    /** Created on first use, after Spring Boot has added its registries to the global one. */
    private static final class Throttled {
        static final Counter COUNTER = Counter.builder("entente.authentication.throttled")
                .description("Requests refused with 429 because their address failed authentication too often")
                .register(Metrics.globalRegistry);
    }

    private final AuthenticationThrottle throttle;
    private final Predicate<HttpServletRequest> carriesCredential;

    AuthenticationThrottleFilter(AuthenticationThrottle throttle, Predicate<HttpServletRequest> carriesCredential) {
        this.throttle = throttle;
        this.carriesCredential = carriesCredential;
    }

    /** The API, TAXII and actuator chains: any {@code Authorization} header is an attempt to authenticate. */
    static boolean authorizationHeader(HttpServletRequest request) {
        return request.getHeader("Authorization") != null;
    }

    /** The console chain: the sign-in form's submission. */
    static boolean passwordSignIn(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && request.getRequestURI().equals(request.getContextPath() + "/login");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (carriesCredential.test(request)) {
            long waitMillis = throttle.blockedFor(request.getRemoteAddr());
            if (waitMillis > 0) {
                Throttled.COUNTER.increment();
                long seconds = Math.max(1, (waitMillis + 999) / 1000);
                response.setHeader("Retry-After", Long.toString(seconds));
                Problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS,
                        "Too many failed authentications from this address; retry after " + seconds + " s.");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
