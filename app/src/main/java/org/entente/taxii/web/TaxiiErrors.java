package org.entente.taxii.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.entente.intel.SharingRefused;
import org.entente.intel.StoreUnavailableException;
import org.entente.stix.StixParseException;
import org.entente.taxii.TaxiiAdds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;

/**
 * Every TAXII error is a TAXII error message with the TAXII media type; never internals. First among the
 * advices, so Spring MVC's own exceptions from TAXII endpoints do not become RFC 9457 problem details.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = TaxiiController.class)
class TaxiiErrors {

    private static final Logger log = LoggerFactory.getLogger(TaxiiErrors.class);

    @ExceptionHandler
    ResponseEntity<Map<String, Object>> taxii(TaxiiException e) {
        return error(e.status, e.title, e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Map<String, Object>> malformed(StixParseException e) {
        return error(HttpStatus.BAD_REQUEST, "Malformed envelope", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Map<String, Object>> notAnEnvelope(TaxiiAdds.NotAnEnvelope e) {
        return error(HttpStatus.BAD_REQUEST, "Not an envelope", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Map<String, Object>> tooLarge(TaxiiAdds.TooLarge e) {
        return error(HttpStatus.PAYLOAD_TOO_LARGE, "Request too large", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Map<String, Object>> refused(SharingRefused e) {
        return error(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Map<String, Object>> unavailable(StoreUnavailableException e) {
        log.error("TAXII: store unavailable", e);
        return error(HttpStatus.SERVICE_UNAVAILABLE, "Unavailable", "The store is unavailable; retry later.");
    }

    @ExceptionHandler
    ResponseEntity<Map<String, Object>> badParameter(TypeMismatchException e) {
        return error(HttpStatus.BAD_REQUEST, "Bad request", "'" + e.getPropertyName() + "' has an invalid value");
    }

    /**
     * Anything else a TAXII endpoint throws: still a TAXII error message, without internals. Spring MVC's
     * own exceptions keep their status; a client that went away gets nothing.
     */
    @ExceptionHandler
    ResponseEntity<Map<String, Object>> unexpected(Exception e) throws Exception {
        if (e instanceof AsyncRequestNotUsableException) {
            throw e;
        }
        if (e instanceof ErrorResponse r && HttpStatus.resolve(r.getStatusCode().value()) instanceof HttpStatus status) {
            String detail = r.getBody().getDetail();
            return error(status, status.getReasonPhrase(), detail == null || detail.isBlank() ? status.getReasonPhrase() : detail);
        }
        log.error("TAXII: unexpected failure", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "The server could not answer this request.");
    }

    static ResponseEntity<Map<String, Object>> error(HttpStatus status, String title, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("description", description);
        body.put("http_status", Integer.toString(status.value()));
        return ResponseEntity.status(status).contentType(TaxiiController.TAXII).body(body);
    }
}
