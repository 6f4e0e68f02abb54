package org.entente.operations.web;

import java.io.IOException;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Security headers on every answer of the machine-facing paths ({@code /api}, {@code /taxii2},
 * {@code /actuator}, {@code /federation}): no MIME sniffing, never framed, no referrer, and HSTS when the
 * request came over HTTPS. The console's pages get a full Content-Security-Policy from its security
 * chain (identity.SecurityConfiguration), which this filter leaves alone: set first, a header here
 * would keep Spring Security from writing its own. A response that sets its own policy (a briefing's
 * HTML) adds to this one; both apply, and {@code frame-ancestors 'none'} only forbids framing.
 */
public final class SecurityHeadersFilter extends OncePerRequestFilter {

    static final String HSTS = "max-age=31536000; includeSubDomains";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        if (path.startsWith("/api/") || path.startsWith("/taxii2/") || path.startsWith("/actuator/") || path.startsWith("/federation/")) {
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("X-Frame-Options", "DENY");
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
            if (request.isSecure()) {
                response.setHeader("Strict-Transport-Security", HSTS);
            }
        }
        chain.doFilter(request, response);
    }
}
