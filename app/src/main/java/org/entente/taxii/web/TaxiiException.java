package org.entente.taxii.web;

import org.springframework.http.HttpStatus;

/** An error answered with a TAXII 2.1 error message (section 3.6.1). */
class TaxiiException extends RuntimeException {

    final HttpStatus status;
    final String title;

    TaxiiException(HttpStatus status, String title, String description) {
        super(description);
        this.status = status;
        this.title = title;
    }

    static TaxiiException notFound(String what) {
        return new TaxiiException(HttpStatus.NOT_FOUND, "Not found", what);
    }

    static TaxiiException badRequest(String parameter, String problem) {
        return new TaxiiException(HttpStatus.BAD_REQUEST, "Invalid parameter " + parameter, "'" + parameter + "' " + problem);
    }
}
