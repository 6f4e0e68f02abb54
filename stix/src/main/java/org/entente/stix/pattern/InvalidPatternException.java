package org.entente.stix.pattern;

/**
 * A pattern that is not valid STIX 2.1 patterning, with the position of the fault. The message reads
 * {@code line L, column C: what was expected / what is wrong}; {@link #reason()} is the part after the
 * position. Line and column are 1-based and count Unicode code points (a tab is one column);
 * {@link #offset()} is the 0-based index of the fault in the Java string that was parsed.
 */
public class InvalidPatternException extends IllegalArgumentException {

    private final int line;
    private final int column;
    private final int offset;
    private final String reason;

    public InvalidPatternException(int line, int column, int offset, String reason) {
        super("line " + line + ", column " + column + ": " + reason);
        this.line = line;
        this.column = column;
        this.offset = offset;
        this.reason = reason;
    }

    /** 1-based line of the fault. */
    public int line() {
        return line;
    }

    /** 1-based column of the fault, in code points. */
    public int column() {
        return column;
    }

    /** 0-based index of the fault in the parsed string (UTF-16 units, as {@link String#charAt}). */
    public int offset() {
        return offset;
    }

    /** The message without its position. */
    public String reason() {
        return reason;
    }
}
