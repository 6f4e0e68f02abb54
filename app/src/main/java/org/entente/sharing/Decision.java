package org.entente.sharing;

/** The outcome of the sharing policy: an allowance or a denial, each with its reason. Never a bare boolean. */
public sealed interface Decision {

    String reason();

    default boolean allowed() {
        return this instanceof Allowed;
    }

    record Allowed(String reason) implements Decision {
    }

    /** {@code policy} names the rule that refused (permission, audience, marking, ceiling). */
    record Denied(String policy, String reason) implements Decision {
    }
}
