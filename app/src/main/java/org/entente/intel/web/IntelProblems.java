package org.entente.intel.web;

import java.net.URI;

import org.entente.intel.SharingRefused;
import org.entente.intel.UnknownRecipient;
import org.entente.intel.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem details for the store's errors; never a stack trace or SQL text. */
@RestControllerAdvice(assignableTypes = ObjectsController.class)
class IntelProblems {

    private static final Logger log = LoggerFactory.getLogger(IntelProblems.class);

    @ExceptionHandler
    ProblemDetail notFound(NotFoundException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        p.setTitle("Not found");
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
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The intelligence store is unavailable; nothing was lost, retry later.");
        p.setType(URI.create("about:blank"));
        return p;
    }
}
