package org.entente.intel.web;

import org.entente.intel.SharingRefused;
import org.entente.intel.StoreProblems;
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
