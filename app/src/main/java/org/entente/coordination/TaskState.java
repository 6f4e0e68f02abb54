package org.entente.coordination;

import java.util.Arrays;
import java.util.Optional;

/** An operation task's lifecycle: open → in progress → done; cancelled from open or in progress. */
public enum TaskState {
    OPEN("open"), IN_PROGRESS("in-progress"), DONE("done"), CANCELLED("cancelled");

    private final String code;

    TaskState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<TaskState> byCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }

    public Transition to(TaskState to) {
        String why;
        if (this == DONE || this == CANCELLED) {
            why = "a " + code + " task is final";
        } else if (to == this) {
            why = "the task is " + code + " already";
        } else if (to == OPEN) {
            why = "a task never goes back to open";
        } else {
            why = null;
        }
        return why == null ? new Transition.Allowed(code, to.code) : new Transition.Refused(code, to.code, why);
    }
}
