package org.entente.console.web;

import org.springframework.http.HttpStatus;

/**
 * A page that cannot be shown, with what the reader is told (a problem detail rendered as a page).
 * {@link #notFound()} is the same answer for "does not exist" and "outside your audience".
 */
class ConsolePageException extends RuntimeException {

    private final HttpStatus status;
    private final String title;

    ConsolePageException(HttpStatus status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    static ConsolePageException notFound() {
        return new ConsolePageException(HttpStatus.NOT_FOUND, "Not found",
                "There is nothing here, or nothing you may see.");
    }

    static ConsolePageException badRequest(String detail) {
        return new ConsolePageException(HttpStatus.BAD_REQUEST, "Bad request", detail);
    }

    HttpStatus status() {
        return status;
    }

    String title() {
        return title;
    }
}
