package org.entente.coordination.web;

import org.entente.coordination.CoordinationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import tools.jackson.core.JacksonException;

/** Coordination's refusals as RFC 9457 problem details. */
@RestControllerAdvice(basePackages = "org.entente.coordination.web")
class CoordinationProblems {

    @ExceptionHandler
    ProblemDetail notFound(CoordinationException.NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalid(CoordinationException.InvalidInput e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "Invalid input", e.getMessage());
        p.setProperty("pointer", e.pointer());
        p.setProperty("field", e.pointer().startsWith("/") ? e.pointer().substring(1) : e.pointer());
        return p;
    }

    @ExceptionHandler
    ProblemDetail illegalTransition(CoordinationException.IllegalTransition e) {
        ProblemDetail p = problem(HttpStatus.CONFLICT, "Illegal transition", e.getMessage());
        p.setProperty("record", e.record());
        p.setProperty("from", e.from());
        p.setProperty("to", e.to());
        return p;
    }

    @ExceptionHandler
    ProblemDetail conflict(CoordinationException.Conflict e) {
        return problem(HttpStatus.CONFLICT, "Refused", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail notAllowed(CoordinationException.NotAllowed e) {
        return problem(HttpStatus.FORBIDDEN, "Not allowed", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail malformed(JacksonException e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "Malformed JSON", "the body is not JSON"
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        p.setProperty("pointer", "");
        return p;
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        return p;
    }
}
