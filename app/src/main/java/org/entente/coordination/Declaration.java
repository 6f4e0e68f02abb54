package org.entente.coordination;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.entente.community.Tier;

/**
 * A joint declaration's lifecycle, each state its own type. Drafting produces numbered, immutable
 * revisions; circulation freezes one version for the full members' decisions; the declaration is
 * adopted only when every full member among its signatories endorsed that same version. A new
 * revision voids the circulation (back to drafting: endorsements of the old version no longer count).
 * Observers and dialogue partners may support a circulated version; support is recorded, never counted.
 * If the chair closes a circulation without consensus the declaration is not adopted; the chair may then
 * issue a chair's statement, which is recorded as such and is never an adoption.
 *
 * <p>Every decision answers {@link Outcome}: the next state, or a rejection with its reason.
 */
public sealed interface Declaration {

    String code();

    /** The newest revision's number (0 before the first). */
    int latestVersion();

    /** A full member's decision on a circulated version. */
    enum Decision {
        ENDORSE("endorse"), WITHHOLD("withhold");

        private final String code;

        Decision(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static java.util.Optional<Decision> byCode(String code) {
            return java.util.Arrays.stream(values()).filter(d -> d.code.equals(code)).findFirst();
        }
    }

    /** Being drafted: revisions and comments; nothing to endorse. */
    record Drafting(int latestVersion) implements Declaration {
        public String code() {
            return "drafting";
        }
    }

    /** One version frozen for endorsement by {@code members} (participant ids); their decisions so far. */
    record Circulating(int version, Set<Long> members, Map<Long, Decision> decisions) implements Declaration {
        public Circulating {
            members = Set.copyOf(members);
            decisions = Map.copyOf(decisions);
        }

        public String code() {
            return "circulating";
        }

        public int latestVersion() {
            return version;
        }

        public Set<Long> withheldBy() {
            TreeSet<Long> out = new TreeSet<>();
            decisions.forEach((p, d) -> {
                if (d == Decision.WITHHOLD) {
                    out.add(p);
                }
            });
            return out;
        }

        public Set<Long> awaiting() {
            TreeSet<Long> out = new TreeSet<>(members);
            out.removeAll(decisions.keySet());
            return out;
        }

        boolean consensus() {
            return members.stream().allMatch(m -> decisions.get(m) == Decision.ENDORSE);
        }
    }

    /** Every full member endorsed {@code version}. Final. */
    record Adopted(int version, Set<Long> members) implements Declaration {
        public Adopted {
            members = Set.copyOf(members);
        }

        public String code() {
            return "adopted";
        }

        public int latestVersion() {
            return version;
        }
    }

    /** The circulation of {@code version} was closed without consensus. */
    record NotAdopted(int version, Set<Long> members, Set<Long> withheldBy) implements Declaration {
        public NotAdopted {
            members = Set.copyOf(members);
            withheldBy = Set.copyOf(withheldBy);
        }

        public String code() {
            return "not-adopted";
        }

        public int latestVersion() {
            return version;
        }
    }

    /** Consensus failed and the chair issued a statement in its own name. Final; never an adoption. */
    record ChairStatement(int version, String statement) implements Declaration {
        public String code() {
            return "chair-statement";
        }

        public int latestVersion() {
            return version;
        }
    }

    /** A decision's answer: the state after it, or a rejection with its reason. Never a bare boolean. */
    sealed interface Outcome {
        record Allowed(Declaration next) implements Outcome {
        }

        record Rejected(String reason) implements Outcome {
        }

        default Declaration orThrow() {
            return switch (this) {
                case Allowed a -> a.next();
                case Rejected r -> throw new CoordinationException.Conflict(r.reason());
            };
        }
    }

    private static Outcome allow(Declaration next) {
        return new Outcome.Allowed(next);
    }

    private static Outcome reject(String reason) {
        return new Outcome.Rejected(reason);
    }

    /** A new revision: allowed while drafting, circulating (voids the circulation) or after a failed one. */
    default Outcome revise() {
        return switch (this) {
            case Drafting d -> allow(new Drafting(d.latestVersion() + 1));
            case Circulating c -> allow(new Drafting(c.version() + 1));
            case NotAdopted n -> allow(new Drafting(n.version() + 1));
            case Adopted a -> reject("the declaration was adopted as version " + a.version() + "; its text is final");
            case ChairStatement s -> reject("a chair's statement was issued on version " + s.version() + "; the declaration is closed");
        };
    }

    /** Freezes the newest revision for the full members among the signatories. */
    default Outcome circulate(Set<Long> fullMembers) {
        return switch (this) {
            case Drafting d when d.latestVersion() == 0 -> reject("there is no text to circulate yet");
            case Drafting d when fullMembers.isEmpty() -> reject("no full member is among the signatories: nobody could adopt it");
            case Drafting d -> allow(new Circulating(d.latestVersion(), fullMembers, Map.of()));
            case Circulating c -> reject("version " + c.version() + " is circulating already");
            default -> reject("a " + code() + " declaration cannot be circulated; revise it first");
        };
    }

    /**
     * A participant's endorsement or withholding of {@code version}. Adopted at once when it completes
     * the consensus.
     */
    default Outcome decide(long participant, Tier tier, int version, Decision decision, String reason) {
        if (!(this instanceof Circulating c)) {
            return reject("only a circulating declaration can be endorsed or withheld; this one is " + code());
        }
        if (tier != Tier.MEMBER) {
            return reject("only full members endorse or withhold; a " + tier.code() + " may support the declaration instead");
        }
        if (!c.members().contains(participant)) {
            return reject("the participant is not among the full members this declaration was circulated to");
        }
        if (version != c.version()) {
            return reject("version " + c.version() + " is circulating, not version " + version);
        }
        if (decision == Decision.WITHHOLD && (reason == null || reason.isBlank())) {
            return reject("withholding needs a reason");
        }
        Map<Long, Decision> decisions = new LinkedHashMap<>(c.decisions());
        decisions.put(participant, decision);
        Circulating next = new Circulating(c.version(), c.members(), decisions);
        return allow(next.consensus() ? new Adopted(c.version(), c.members()) : next);
    }

    /** An observer's or dialogue partner's support: recorded, never counted. */
    default Outcome support(Tier tier, int version) {
        if (tier == Tier.MEMBER) {
            return reject("full members endorse or withhold; support is for observers and dialogue partners");
        }
        return switch (this) {
            case Circulating c when c.version() == version -> allow(this);
            case Adopted a when a.version() == version -> allow(this);
            case Circulating c -> reject("version " + c.version() + " is circulating, not version " + version);
            case Adopted a -> reject("version " + a.version() + " was adopted, not version " + version);
            default -> reject("only a circulating or adopted declaration can be supported; this one is " + code());
        };
    }

    /** The chair closes the circulation; without consensus (else it is adopted already) it is not adopted. */
    default Outcome closeCirculation(boolean byChair) {
        if (!byChair) {
            return reject("only the chair closes a circulation");
        }
        return switch (this) {
            case Circulating c -> allow(new NotAdopted(c.version(), c.members(), c.withheldBy()));
            default -> reject("only a circulating declaration can be closed; this one is " + code());
        };
    }

    /** The chair's statement, possible only once consensus failed. */
    default Outcome issueChairStatement(boolean byChair, String statement) {
        if (!byChair) {
            return reject("only the chair issues a chair's statement");
        }
        if (statement == null || statement.isBlank()) {
            return reject("a chair's statement needs its text");
        }
        return switch (this) {
            case NotAdopted n -> allow(new ChairStatement(n.version(), statement));
            case Adopted a -> reject("the declaration was adopted by consensus; there is no chair's statement to issue");
            default -> reject("a chair's statement follows a closed circulation without consensus; this declaration is " + code());
        };
    }
}
