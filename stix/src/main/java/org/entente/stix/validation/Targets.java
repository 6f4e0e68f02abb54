package org.entente.stix.validation;

import java.util.Set;

import org.entente.stix.ObjectKind;
import org.entente.stix.StixTypes;

/**
 * The object types an embedded reference may point to (section 3.3). Categories ("any SDO") also admit
 * types this library does not define: a custom type may well be an SDO or SCO defined by an extension,
 * and nothing in an identifier says otherwise.
 */
final class Targets {

    static final Targets ANY = new Targets(Set.of(), true, true, true, true, "any STIX object");
    static final Targets SDO = new Targets(Set.of(), true, false, false, false, "an SDO");
    static final Targets SCO = new Targets(Set.of(), false, true, false, false, "an SCO");
    static final Targets SDO_OR_SCO = new Targets(Set.of(), true, true, false, false, "an SDO or SCO");
    static final Targets SCO_OR_SRO = new Targets(Set.of(), false, true, true, false, "an SCO or SRO");

    private final Set<String> types;
    private final boolean anySdo;
    private final boolean anySco;
    private final boolean anySro;
    private final boolean anyType;
    private final String description;
    /** The only allowed type, when there is exactly one. */
    private final String single;

    private Targets(Set<String> types, boolean anySdo, boolean anySco, boolean anySro, boolean anyType,
            String description) {
        this.types = types;
        this.anySdo = anySdo;
        this.anySco = anySco;
        this.anySro = anySro;
        this.anyType = anyType;
        this.description = description;
        this.single = !anySdo && !anySco && !anySro && !anyType && types.size() == 1 ? types.iterator().next() : null;
    }

    static Targets of(String... types) {
        return new Targets(Set.of(types), false, false, false, false, String.join(" or ", types));
    }

    boolean allows(String type) {
        if (anyType || types.contains(type)) {
            return true;
        }
        if (!anySdo && !anySco && !anySro) {
            return false;
        }
        ObjectKind kind = StixTypes.kindOf(type);
        return switch (kind) {
            case DOMAIN -> anySdo;
            case OBSERVABLE -> anySco;
            case RELATIONSHIP -> anySro;
            case CUSTOM -> true;
            default -> false;
        };
    }

    boolean anyType() {
        return anyType;
    }

    /** The single allowed type, or null: lets the checker compare without extracting the type. */
    String single() {
        return single;
    }

    String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
