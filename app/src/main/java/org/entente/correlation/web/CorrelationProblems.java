package org.entente.correlation.web;

import org.entente.correlation.InvalidSubmission;
import org.entente.correlation.WarninglistRegistry;
import org.entente.intel.SharingRefused;
import org.entente.intel.StoreProblems;
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
        return StoreProblems.unknownRecipient(e);
    }

    @ExceptionHandler
    ProblemDetail refused(SharingRefused e) {
        return StoreProblems.refused(e);
    }

    @ExceptionHandler
    ProblemDetail unavailable(StoreUnavailableException e) {
        return StoreProblems.unavailable(e, log);
    }
}
