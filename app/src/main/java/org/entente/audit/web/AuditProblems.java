package org.entente.audit.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem details for the audit endpoints; never a stack trace or SQL text. */
@RestControllerAdvice(assignableTypes = AuditController.class)
class AuditProblems {

    private static final Logger log = LoggerFactory.getLogger(AuditProblems.class);


    @ExceptionHandler
    ProblemDetail unavailable(DataAccessException e) {
        log.error("audit log unavailable", e);
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The audit log is unavailable; retry later.");
        p.setTitle("Unavailable");
        return p;
    }
}
