package org.entente.identity;

import java.io.IOException;
import java.util.Optional;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.identity.CallerAuthentication.Method;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * A console session remembers who signed in, not what they may do: each request rebuilds the
 * {@link Caller} from the database, so a role taken away applies at the next click, not at the next
 * sign-in. A session whose user no longer exists ends. The rebuilt caller is for this request only
 * (nothing is written back to the session).
 */
final class SessionCallerRefresh extends OncePerRequestFilter {

    private final Community community;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    SessionCallerRefresh(Community community) {
        this.community = community;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication current = contexts.getContext().getAuthentication();
        if (current instanceof CallerAuthentication session && session.credential().method() == Method.SESSION) {
            Optional<Caller> fresh = community.caller(session.getPrincipal().user());
            SecurityContext context = contexts.createEmptyContext();
            if (fresh.isPresent()) {
                context.setAuthentication(CallerAuthentication.of(fresh.get(), session.credential()));
            } else {
                HttpSession httpSession = request.getSession(false);
                if (httpSession != null) {
                    httpSession.invalidate();
                }
            }
            contexts.setContext(context);
        }
        chain.doFilter(request, response);
    }
}
