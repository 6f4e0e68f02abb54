package org.entente.intel;

import java.net.URI;

import org.slf4j.Logger;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The RFC 9457 problem details of the store's own exceptions, in one place for every module whose
 * endpoints call the store (intel, correlation, OSINT): the same status, title and wording wherever a
 * caller meets them, and never a stack trace, SQL text or exception name.
 */
public final class StoreProblems {

    private StoreProblems() {
    }

    /** 403: the share or release the caller asked for is not theirs to make; the reason says why. */
    public static ProblemDetail refused(SharingRefused e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        p.setTitle("Sharing refused");
        return p;
    }

    /** 400: a recipient named in the request (task force, participant, organisation) does not exist. */
    public static ProblemDetail unknownRecipient(UnknownRecipient e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Unknown recipient");
        p.setProperty("parameter", e.field());
        return p;
    }

    /** 503, logged with its cause on {@code log}: the database is down; nothing the caller sent was half-written. */
    public static ProblemDetail unavailable(StoreUnavailableException e, Logger log) {
        log.error("store unavailable", e);
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The intelligence store is unavailable; nothing was lost, retry later.");
        p.setType(URI.create("about:blank"));
        return p;
    }
}
