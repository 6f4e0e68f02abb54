package org.entente.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.entente.identity.CallerAuthentication.Method;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates {@code Authorization: Bearer <token>}, and where TAXII clients need it
 * {@code Authorization: Basic base64(username:token)}: the password of HTTP Basic is one of that
 * user's API tokens (never the console password, which is for people and is locked out on guessing),
 * so both forms resolve to the same {@link org.entente.community.Caller} with the token's scopes.
 * An invalid credential leaves the request anonymous (the entry point then answers 401) and marks it
 * so the challenge can say {@code error="invalid_token"}. Any {@code Authorization} header that does not
 * authenticate (unknown scheme, malformed, unknown, revoked or expired token) counts as a failure of the
 * client's address in the {@link AuthenticationThrottle}.
 */
final class TokenAuthenticationFilter extends OncePerRequestFilter {

    /** Request attribute set when a credential was presented but not accepted. */
    static final String INVALID_CREDENTIAL = TokenAuthenticationFilter.class.getName() + ".invalid";

    private final ApiTokens tokens;
    private final boolean acceptBasic;
    private final AuthenticationThrottle throttle;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    TokenAuthenticationFilter(ApiTokens tokens, boolean acceptBasic, AuthenticationThrottle throttle) {
        this.tokens = tokens;
        this.acceptBasic = acceptBasic;
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        Optional<CallerAuthentication> authentication = Optional.empty();
        boolean presented = false;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = true;
            authentication = tokens.authenticateCaller(header.substring(7).trim(), Method.BEARER_TOKEN);
        } else if (acceptBasic && header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            presented = true;
            authentication = basic(header.substring(6).trim());
        }
        if (authentication.isPresent()) {
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(authentication.get());
            contexts.setContext(context);
        } else {
            if (presented) {
                request.setAttribute(INVALID_CREDENTIAL, Boolean.TRUE);
            }
            if (header != null) {
                throttle.failed(request.getRemoteAddr());
            }
        }
        chain.doFilter(request, response);
    }

    private Optional<CallerAuthentication> basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String username = decoded.substring(0, colon);
        String token = decoded.substring(colon + 1);
        return tokens.authenticateCaller(token, Method.BASIC_TOKEN)
                .filter(a -> a.getPrincipal().username().equals(username));
    }
}
