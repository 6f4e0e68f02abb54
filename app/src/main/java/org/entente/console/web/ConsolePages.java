package org.entente.console.web;

import org.entente.community.Caller;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Small helpers shared by the console's controllers. */
final class ConsolePages {

    private ConsolePages() {
    }

    /** The signed-in caller, or null (error pages rendered for anonymous requests). */
    static Caller caller() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof Caller c ? c : null;
    }

    /** Bounds free text from a query string, so a page never echoes or searches for megabytes. */
    static String text(String value, int max) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        return trimmed.isEmpty() ? null : trimmed.length() > max ? trimmed.substring(0, max) : trimmed;
    }
}
