package org.entente.intel;

import java.util.List;

/**
 * An object that was not stored, and why.
 *
 * @param index   position of the object in the input (0-based)
 * @param id      the object's id as given, or null when it had none
 * @param reasons each broken rule, with a JSON pointer into the input
 */
public record Rejection(int index, String id, List<Reason> reasons) {

    public Rejection {
        reasons = List.copyOf(reasons);
    }

    /** One reason: a stable rule code, where (RFC 6901 pointer into the input) and a message. */
    public record Reason(String rule, String pointer, String message) {
    }
}
