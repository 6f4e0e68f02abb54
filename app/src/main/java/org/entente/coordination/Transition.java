package org.entente.coordination;

/** A lifecycle's answer to "may this record go from one state to another": allowed, or refused with a reason. */
public sealed interface Transition {

    String from();

    String to();

    record Allowed(String from, String to) implements Transition {
    }

    record Refused(String from, String to, String reason) implements Transition {
    }

    /** The allowed transition, or an {@link CoordinationException.IllegalTransition} naming from, to and why. */
    default Allowed orThrow(String record) {
        return switch (this) {
            case Allowed a -> a;
            case Refused r -> throw new CoordinationException.IllegalTransition(record, r.from(), r.to(), r.reason());
        };
    }
}
