package org.entente.operations.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The database unreachable or its connection pool exhausted (no connection within Hikari's timeout)
 * is overload, not a bug: 503 with Retry-After, so clients back off and retry instead of treating the
 * request as failed for good. Nothing was accepted, so nothing is lost. Module advice that knows
 * better (the store's own 503s) runs first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class OverloadProblems {

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(DataAccessResourceFailureException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The node's database is unavailable or busy; retry shortly.");
        p.setTitle("Service unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(p);
    }
}
