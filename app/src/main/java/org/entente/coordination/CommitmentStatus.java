package org.entente.coordination;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;

/**
 * A commitment's lifecycle: proposed → accepted → in progress → done, and lapsed (from any open state)
 * when it is overdue or abandoned. Done and lapsed are final.
 */
public enum CommitmentStatus {
    PROPOSED("proposed"), ACCEPTED("accepted"), IN_PROGRESS("in-progress"), DONE("done"), LAPSED("lapsed");

    private final String code;

    CommitmentStatus(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public boolean isFinal() {
        return this == DONE || this == LAPSED;
    }

    public static Optional<CommitmentStatus> byCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }

    /**
     * Whether a commitment due on {@code due} may go from this status to {@code to} on {@code today};
     * {@code note} is the reason given (required to lapse a commitment that is not yet overdue).
     */
    public Transition to(CommitmentStatus to, LocalDate due, LocalDate today, String note) {
        String why = reasonAgainst(to, due, today, note);
        return why == null ? new Transition.Allowed(code, to.code) : new Transition.Refused(code, to.code, why);
    }

    private String reasonAgainst(CommitmentStatus to, LocalDate due, LocalDate today, String note) {
        if (isFinal()) {
            return "a " + code + " commitment is final";
        }
        if (to == this) {
            return "the commitment is " + code + " already";
        }
        if (to == LAPSED) {
            boolean overdue = today.isAfter(due);
            boolean explained = note != null && !note.isBlank();
            return overdue || explained ? null
                    : "a commitment lapses when overdue (due " + due + ") or abandoned; to abandon it before then, give a note saying why";
        }
        if (to.ordinal() < ordinal()) {
            return "a commitment never goes back to " + to.code;
        }
        if (to.ordinal() > ordinal() + 1) {
            return "a " + code + " commitment must be " + values()[ordinal() + 1].code + " first";
        }
        return null;
    }
}
