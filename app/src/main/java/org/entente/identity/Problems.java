package org.entente.identity;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors written outside Spring MVC (security filters, the permission interceptor, the request limits of
 * module operations): RFC 9457 problem details, or, under {@code /taxii2/}, the TAXII 2.1 error message (section 3.6.1) that TAXII clients
 * expect on every error.
 */
public final class Problems {

    private Problems() {
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        boolean taxii = request != null && request.getRequestURI().startsWith("/taxii2/");
        if (taxii) {
            body.put("title", status.getReasonPhrase());
            body.put("description", detail);
            body.put("http_status", Integer.toString(status.value()));
        } else {
            body.put("type", "about:blank");
            body.put("title", status.getReasonPhrase());
            body.put("status", status.value());
            body.put("detail", detail);
            String requestId = org.slf4j.MDC.get("request_id"); // operations.web.RequestIdFilter
            if (requestId != null) {
                body.put("requestId", requestId);
            }
        }
        response.setStatus(status.value());
        response.setContentType(taxii ? "application/taxii+json;version=2.1" : MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JsonMapper.shared().writeValueAsString(body));
        response.getWriter().flush();
    }
}
