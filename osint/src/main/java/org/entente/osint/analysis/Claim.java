package org.entente.osint.analysis;

import java.util.Objects;

/**
 * One thing a source asserts about a subject, with the words it used: "the SCO has eight members" is
 * {@code (organisation:SCO, member-count, 8, STATED)}; the list of members that follows is the same predicate
 * with the value counted from the list ({@code ENUMERATED}).
 *
 * @param subject     canonical key of what the claim is about ({@code organisation:SCO}, or
 *                    {@code organisation:SCO/country:IR} for a country's standing in an organisation)
 * @param subjectName the subject for people ("SCO", "Iran in the SCO")
 * @param predicate   what is claimed: {@link #MEMBER_COUNT}, {@link #FOUNDED}, {@link #STANDING}
 * @param value       the value as the claim gives it, normalised ("8", "2001", "member")
 * @param basis       how the value was obtained
 * @param source      the article (file name or URL)
 * @param quote       the sentence that makes the claim
 * @param start       where the claim's words start in the article's text
 * @param end         where they end (exclusive)
 */
public record Claim(String subject, String subjectName, String predicate, String value, Basis basis, String source,
                    String quote, int start, int end) {

    public static final String MEMBER_COUNT = "member-count";
    public static final String FOUNDED = "founded";
    public static final String STANDING = "standing";

    public enum Basis {
        /** The text states the value ("eight members", "10-member bloc", "founded in 2001"). */
        STATED,
        /** The value is counted from a list the text gives ("China, Russia, India, ..." after "members:"). */
        ENUMERATED
    }

    public Claim {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(predicate, "predicate");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(source, "source");
    }

    /**
     * The value as compared for conflicts. A country's standing is member or not: "observer" and "dialogue
     * partner" do not contradict each other, but either contradicts "member".
     */
    public String comparable() {
        if (predicate.equals(STANDING)) {
            return value.equals("member") ? "member" : "not a member";
        }
        return value;
    }
}
