package org.entente.coordination;

import java.util.Arrays;
import java.util.Optional;

/** A joint operation's lifecycle: proposed → active → concluded, or aborted from proposed or active. */
public enum OperationState {
    PROPOSED("proposed"), ACTIVE("active"), CONCLUDED("concluded"), ABORTED("aborted");

    private final String code;

    OperationState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public boolean isFinal() {
        return this == CONCLUDED || this == ABORTED;
    }

    public static Optional<OperationState> byCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }

    public Transition to(OperationState to) {
        String why;
        if (isFinal()) {
            why = "a " + code + " operation is closed for good";
        } else if (to == this) {
            why = "the operation is " + code + " already";
        } else if (to == PROPOSED) {
            why = "an operation never goes back to proposed";
        } else if (this == PROPOSED && to == CONCLUDED) {
            why = "only an active operation can be concluded; activate it first (or abort it)";
        } else {
            why = null;
        }
        return why == null ? new Transition.Allowed(code, to.code) : new Transition.Refused(code, to.code, why);
    }
}
