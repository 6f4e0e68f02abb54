package org.entente.correlation.web;

import org.entente.correlation.InvalidSubmission;
import org.entente.correlation.WarninglistRegistry;
import org.entente.intel.SharingRefused;
import org.entente.intel.StoreUnavailableException;
import org.entente.intel.UnknownRecipient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem details for correlation's errors. */
@RestControllerAdvice(assignableTypes = {ObservationsController.class, WarninglistsController.class})
class CorrelationProblems {

    private static final Logger log = LoggerFactory.getLogger(CorrelationProblems.class);

    @ExceptionHandler
    ProblemDetail invalid(InvalidSubmission e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Invalid observations");
        p.setProperty("pointer", e.pointer());
        return p;
    }

    @ExceptionHandler
    ProblemDetail builtIn(WarninglistRegistry.BuiltInList e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        p.setTitle("Built-in warninglist");
        return p;
    }

    @ExceptionHandler
    ProblemDetail unknownRecipient(UnknownRecipient e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Unknown recipient");
        p.setProperty("parameter", e.field());
        return p;
    }

    @ExceptionHandler
    ProblemDetail refused(SharingRefused e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        p.setTitle("Sharing refused");
        return p;
    }

    @ExceptionHandler
    ProblemDetail unavailable(StoreUnavailableException e) {
        log.error("store unavailable", e);
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The intelligence store is unavailable; nothing was lost, retry later.");
    }
}
