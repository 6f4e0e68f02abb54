package org.entente.osint.web;

import org.entente.intel.SharingRefused;
import org.entente.intel.StoreProblems;
import org.entente.intel.StoreUnavailableException;
import org.entente.osint.ArticleRejected;
import org.entente.osint.IngestFailed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem details for the OSINT API: what is wrong, never a stack trace, SQL or exception name. */
@RestControllerAdvice(assignableTypes = OsintController.class)
class OsintProblems {

    private static final Logger log = LoggerFactory.getLogger(OsintProblems.class);

    @ExceptionHandler
    ProblemDetail rejected(ArticleRejected e) {
        HttpStatus status = switch (e.reason()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case UNSUPPORTED_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
        };
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        p.setTitle(switch (e.reason()) {
            case INVALID -> "Unusable page";
            case UNSUPPORTED_TYPE -> "Unsupported media type";
            case TOO_LARGE -> "Page too large";
        });
        p.setProperty("parameter", e.parameter());
        return p;
    }

    @ExceptionHandler
    ProblemDetail notFound(OsintController.NotFound e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        p.setTitle("Not found");
        return p;
    }

    @ExceptionHandler
    ProblemDetail refused(SharingRefused e) {
        return StoreProblems.refused(e);
    }

    /**
     * The ingest failed after its checks (already logged with its cause by {@code Osint}). The client learns whether
     * the upload can simply be repeated, never the cause: it may name tables or carry SQL.
     */
    @ExceptionHandler
    ProblemDetail ingestFailed(IngestFailed e) {
        boolean transientCause = e.getCause() instanceof TransientDataAccessException
                || e.getCause() instanceof DataAccessResourceFailureException;
        ProblemDetail p = ProblemDetail.forStatusAndDetail(transientCause ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.INTERNAL_SERVER_ERROR,
                e.withdrawn() ? "The page could not be stored. Nothing of it was kept: the upload can be repeated."
                        : "The page could not be stored, and what was already written could not be withdrawn;"
                        + " the node's log names it. Ask an operator before repeating the upload.");
        p.setTitle("Upload failed");
        p.setProperty("withdrawn", e.withdrawn());
        return p;
    }

    @ExceptionHandler
    ProblemDetail unavailable(StoreUnavailableException e) {
        return StoreProblems.unavailable(e, log);
    }
}
