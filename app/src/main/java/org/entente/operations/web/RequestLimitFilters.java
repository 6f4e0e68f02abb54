package org.entente.operations.web;

import org.entente.identity.Problems;

import java.io.IOException;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The servlet filters of the operations module, in order: request id and security headers first (so
 * even a refusal by the security chain carries them), the body-size limit before authentication
 * (refusing costs nothing), the per-caller rate limit after it (it needs to know the caller).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LimitsProperties.class)
class RequestLimitFilters {

    /** Runs after Spring Security's filter chain (order -100 by default). */
    static final int AFTER_SECURITY = 0;

    /** Bulk endpoints whose bodies are streamed: import, TAXII add objects, observations. */
    static final Pattern BULK = Pattern.compile("/api/v1/objects/?|/api/v1/observations/?|/taxii2/[^/]+/collections/[^/]+/objects/?");

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        var bean = new FilterRegistrationBean<>(new RequestIdFilter());
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return bean;
    }

    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter() {
        var bean = new FilterRegistrationBean<>(new SecurityHeadersFilter());
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return bean;
    }

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(LimitsProperties limits) {
        var bean = new FilterRegistrationBean<>(new BodyLimitFilter(limits));
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return bean;
    }

    @Bean
    FilterRegistrationBean<NulParameterFilter> nulParameterFilter() {
        var bean = new FilterRegistrationBean<>(new NulParameterFilter());
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        return bean;
    }

    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(LimitsProperties limits) {
        var bean = new FilterRegistrationBean<>(new RateLimitFilter(limits));
        bean.setOrder(AFTER_SECURITY);
        return bean;
    }

    /**
     * Refuses a body larger than allowed with 413 before anything reads it: by its Content-Length, or,
     * for a body of unknown length (chunked), by counting what is read and failing the read past the limit.
     */
    static final class BodyLimitFilter extends OncePerRequestFilter {
        private final LimitsProperties limits;

        BodyLimitFilter(LimitsProperties limits) {
            this.limits = limits;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            long max = BULK.matcher(request.getRequestURI()).matches() ? limits.maxImportBody().toBytes() : limits.maxBody().toBytes();
            long declared = request.getContentLengthLong();
            if (declared > max) {
                response.setHeader("Connection", "close");
                Problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE,
                        "The request body is larger than this endpoint accepts (" + max + " bytes).");
                return;
            }
            chain.doFilter(declared < 0 ? new LimitedBodyRequest(request, max) : request, response);
        }
    }

    /**
     * A NUL character in a query parameter is refused with 400: PostgreSQL text cannot hold U+0000, so
     * such a value reached the database as an error and came back as "store unavailable" (503), telling
     * the client to retry what can never succeed (found by fuzzing the TAXII server, TaxiiFuzzTest).
     */
    static final class NulParameterFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String query = request.getQueryString();
            if (query != null && (query.indexOf('\0') >= 0 || query.toLowerCase(java.util.Locale.ROOT).contains("%00"))) {
                Problems.write(request, response, HttpStatus.BAD_REQUEST, "A query parameter contains a NUL character.");
                return;
            }
            chain.doFilter(request, response);
        }
    }

    /** Per-caller token bucket on the API and TAXII; 429 with Retry-After when it is empty. */
    static final class RateLimitFilter extends OncePerRequestFilter {
        /** Created on first use, after Spring Boot has added its registries to the global one. */
        private static final class Limited {
            static final Counter COUNTER = Counter.builder("entente.requests.rate_limited")
                    .description("Requests refused with 429 by the per-caller rate limit").register(Metrics.globalRegistry);
        }
        private final TokenBuckets buckets;
        private final boolean enabled;

        RateLimitFilter(LimitsProperties limits) {
            this.enabled = limits.requestsPerSecond() > 0;
            this.buckets = new TokenBuckets(Math.max(limits.requestsPerSecond(), 1e-9), limits.burst(), System::nanoTime);
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            String path = request.getRequestURI();
            return !enabled || !(path.startsWith("/api/") || path.startsWith("/taxii2/"));
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            String key = auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)
                    ? "caller:" + auth.getName() : "address:" + request.getRemoteAddr();
            long waitNanos = buckets.take(key);
            if (waitNanos > 0) {
                Limited.COUNTER.increment();
                long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
                response.setHeader("Retry-After", Long.toString(seconds));
                Problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS,
                        "Too many requests from this caller; retry after " + seconds + " s.");
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
