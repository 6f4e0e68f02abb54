package org.entente.node.web;

import org.entente.node.BadParameterException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors every module's API answers the same way, as RFC 9457 problem details. Module-specific
 * advice (e.g. TAXII's error messages) takes precedence: this one runs last.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class CommonProblems {

    @ExceptionHandler
    ProblemDetail badParameter(BadParameterException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Bad parameter");
        p.setProperty("parameter", e.parameter());
        return p;
    }
}
