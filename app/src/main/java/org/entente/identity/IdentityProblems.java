package org.entente.identity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for the identity endpoints; never a stack trace or SQL text. Ordered last,
 * so Spring MVC's own problem details (unreadable body, wrong method, ...) keep precedence and only
 * what nothing else handles reaches the catch-all.
 */
@Order(Ordered.LOWEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = {TokensController.class, UsersController.class, ConsoleController.class, MeController.class})
class IdentityProblems {

    private static final Logger log = LoggerFactory.getLogger(IdentityProblems.class);

    @ExceptionHandler
    ProblemDetail badRequest(IdentityExceptions.BadRequest e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Bad request");
        p.setProperty("parameter", e.parameter);
        return p;
    }

    @ExceptionHandler
    ProblemDetail notFound(IdentityExceptions.NotFound e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        p.setTitle("Not found");
        return p;
    }

    @ExceptionHandler
    ProblemDetail conflict(IdentityExceptions.Conflict e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        p.setTitle("Conflict");
        return p;
    }

    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class})
    ProblemDetail unavailable(DataAccessException e) {
        log.error("identity store unavailable", e);
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The node's database is unavailable; retry later.");
        p.setTitle("Unavailable");
        return p;
    }

    @ExceptionHandler
    ProblemDetail unexpected(RuntimeException e) {
        log.error("identity request failed", e);
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The request could not be completed; the node's log has the details.");
        p.setTitle("Internal error");
        return p;
    }
}
