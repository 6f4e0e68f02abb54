package org.entente.stix;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/** Input that is not well-formed JSON, or not shaped like STIX content, with where it went wrong. */
public class StixParseException extends RuntimeException {

    private final long line;
    private final long column;

    public StixParseException(String message, TokenStreamLocation where) {
        this(message, where == null ? -1 : where.getLineNr(), where == null ? -1 : where.getColumnNr());
    }

    public StixParseException(String message, long line, long column) {
        super(message + (line > 0 ? " (line " + line + ", column " + column + ")" : ""));
        this.line = line;
        this.column = column;
    }

    static StixParseException from(JacksonException e) {
        return new StixParseException("malformed JSON: " + e.getOriginalMessage(), e.getLocation());
    }

    public long line() {
        return line;
    }

    public long column() {
        return column;
    }
}
