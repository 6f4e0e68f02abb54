package org.entente.stix.validation;

import static org.entente.stix.validation.TypeSpec.Presence.NOT_APPLICABLE;
import static org.entente.stix.validation.TypeSpec.Presence.OPTIONAL;
import static org.entente.stix.validation.TypeSpec.Presence.REQUIRED;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.entente.stix.ObjectKind;
import org.entente.stix.validation.TypeSpec.Presence;
import org.entente.stix.validation.TypeSpec.Prop;

import tools.jackson.databind.JsonNode;

/**
 * Common properties (section 3.2) and rules that hold for every property of every object: which common
 * property each kind of object requires, allows or must not carry, and the embedded types that every
 * kind uses (external references, kill chain phases).
 */
final class CommonRules {

    private CommonRules() {
    }

    /** Properties no STIX 2.1 content may use (section 3.8). */
    static final List<String> RESERVED = List.of("severity", "username", "phone_number", "action");

    static final VType SPEC_VERSION = VType.special((c, p, v, at) -> {
        if (!v.isString() || !"2.1".equals(v.stringValue())) {
            c.error(Rule.SPEC_VERSION, at, "'spec_version' must be \"2.1\", not "
                    + (v.isString() ? "\"" + v.stringValue() + "\"" : Check.describe(v)));
        }
    });

    /** created and modified: a timestamp of at least millisecond precision (section 3.2). */
    static final VType VERSION_TIMESTAMP = VType.special((c, p, v, at) -> {
        Time t = c.timestamp(p, v, at);
        if (t != null && t.fractionDigits() < 3) {
            c.error(Rule.TIMESTAMP_PRECISION, at, "'" + p + "' must have at least millisecond precision (three digits"
                    + " after the decimal point, e.g. 2016-05-12T08:17:27.000Z), not '" + v.stringValue() + "'");
        }
    });

    static final Struct EXTERNAL_REFERENCE = Struct.builder("external reference", Rule.EXTERNAL_REFERENCE)
            .req("source_name", VType.STRING)
            .opt("description", VType.STRING)
            .opt("url", VType.STRING)
            .opt("hashes", VType.HASHES)
            .opt("external_id", VType.STRING)
            .check(Constraints.atLeastOne(Rule.EXTERNAL_REFERENCE, "description", "url", "external_id"))
            .check(CommonRules::wellKnownExternalIds)
            .build();

    static final Struct KILL_CHAIN_PHASE = Struct.builder("kill chain phase", Rule.KILL_CHAIN_PHASE)
            .req("kill_chain_name", VType.STRING)
            .req("phase_name", VType.STRING)
            .check(CommonRules::killChainNaming)
            .build();

    /**
     * Section 3.2's table, column by column: SDO, SRO, SCO, extension-definition, language-content,
     * marking-definition, custom. R required, O optional, N not applicable.
     */
    private static final Object[][] TABLE = {
            {"type", VType.ANY, "RRRRRRR"},
            {"spec_version", SPEC_VERSION, "RRORRRR"},
            {"id", VType.ANY, "RRRRRRR"},
            {"created_by_ref", VType.ref("identity"), "OONROOO"},
            {"created", VERSION_TIMESTAMP, "RRNRRRO"},
            {"modified", VERSION_TIMESTAMP, "RRNRRNO"},
            {"revoked", VType.BOOLEAN, "OONOONO"},
            {"labels", VType.list(VType.STRING), "OONOONO"},
            {"confidence", VType.integer(0, 100), "OONNONO"},
            {"lang", VType.LANGUAGE_TAG, "OONNNNO"},
            {"external_references", VType.list(VType.obj(EXTERNAL_REFERENCE)), "OONOOOO"},
            {"object_marking_refs", VType.refs("marking-definition"), "OOOOOOO"},
            {"granular_markings", VType.special(Markings::granularMarkings), "OOOOOOO"},
            {"defanged", VType.BOOLEAN, "NNONNNO"},
            {"extensions", VType.special(Extensions::check), "OOONOOO"},
    };

    private static final Map<ObjectKind, Map<String, Prop>> COMMON = new EnumMap<>(ObjectKind.class);

    static {
        ObjectKind[] columns = {ObjectKind.DOMAIN, ObjectKind.RELATIONSHIP, ObjectKind.OBSERVABLE,
                ObjectKind.EXTENSION_DEFINITION, ObjectKind.LANGUAGE_CONTENT, ObjectKind.MARKING_DEFINITION,
                ObjectKind.CUSTOM};
        for (int col = 0; col < columns.length; col++) {
            Map<String, Prop> m = new LinkedHashMap<>();
            for (Object[] row : TABLE) {
                String name = (String) row[0];
                VType t = (VType) row[1];
                Presence presence = switch (((String) row[2]).charAt(col)) {
                    case 'R' -> REQUIRED;
                    case 'O' -> OPTIONAL;
                    default -> NOT_APPLICABLE;
                };
                // type and id are checked before the property walk; they are listed so the walk skips them.
                if (name.equals("type") || name.equals("id")) {
                    presence = OPTIONAL;
                }
                m.put(name, new Prop(t, presence, false));
            }
            for (String reserved : RESERVED) {
                m.put(reserved, new Prop(VType.ANY, Presence.RESERVED, false));
            }
            COMMON.put(columns[col], m);
        }
    }

    /** The common properties of {@code kind}, in section 3.2's order, plus the reserved names. */
    static Map<String, Prop> commonProperties(ObjectKind kind) {
        return COMMON.get(kind);
    }

    /** Constraints every object of {@code kind} must meet. */
    static List<Constraint> commonConstraints(ObjectKind kind) {
        return List.of(CommonRules::modifiedNotBeforeCreated);
    }

    private static void modifiedNotBeforeCreated(Check c, JsonNode object, Loc at) {
        Time created = Check.time(object, "created");
        Time modified = Check.time(object, "modified");
        if (created != null && modified != null && modified.isBefore(created)) {
            c.error(Rule.MODIFIED_BEFORE_CREATED, at.child("modified"), "'modified' (" + object.get("modified")
                    .stringValue() + ") must not be earlier than 'created' (" + object.get("created").stringValue() + ")");
        }
    }

    /** CAPEC and CVE identifiers have fixed forms (sections 4.1 and 4.19). */
    private static void wellKnownExternalIds(Check c, JsonNode ref, Loc at) {
        JsonNode source = ref.get("source_name");
        JsonNode id = ref.get("external_id");
        if (source == null || id == null || !source.isString() || !id.isString()) {
            return;
        }
        String s = source.stringValue();
        String x = id.stringValue();
        if (s.equals("capec") && !hasNumberedForm(x, "CAPEC-", 1)) {
            c.error(Rule.EXTERNAL_REFERENCE, at.child("external_id"),
                    "a CAPEC external_id must be formatted CAPEC-[id], e.g. CAPEC-163, not '" + x + "'");
        } else if (s.equals("cve") && !isCveId(x)) {
            c.error(Rule.EXTERNAL_REFERENCE, at.child("external_id"),
                    "a CVE external_id must be the exact CVE identifier, e.g. CVE-2016-1234, not '" + x + "'");
        } else if (!s.equals("capec") && hasNumberedForm(x, "CAPEC-", 1)) {
            c.warning(Rule.EXTERNAL_REFERENCE, at.child("source_name"),
                    "an external reference to a CAPEC ID must have source_name 'capec', not '" + s + "'");
        } else if (!s.equals("cve") && isCveId(x)) {
            c.warning(Rule.EXTERNAL_REFERENCE, at.child("source_name"),
                    "an external reference to a CVE ID must have source_name 'cve', not '" + s + "'");
        }
    }

    private static boolean hasNumberedForm(String s, String prefix, int minDigits) {
        if (!s.startsWith(prefix) || s.length() < prefix.length() + minDigits) {
            return false;
        }
        for (int i = prefix.length(); i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** CVE-YYYY-NNNN with four or more sequence digits. */
    private static boolean isCveId(String s) {
        if (s.length() < 13 || !s.startsWith("CVE-") || s.charAt(8) != '-') {
            return false;
        }
        for (int i = 4; i < s.length(); i++) {
            if (i != 8 && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
                return false;
            }
        }
        return true;
    }

    private static final String[] KILL_CHAIN_PHASE_NAMES = {"kill_chain_name", "phase_name"};

    /** kill_chain_name and phase_name SHOULD be lowercase with hyphens as separators (section 2.11). */
    private static void killChainNaming(Check c, JsonNode phase, Loc at) {
        for (String p : KILL_CHAIN_PHASE_NAMES) {
            JsonNode v = phase.get(p);
            if (v != null && v.isString() && !isLowercaseHyphenated(v.stringValue())) {
                c.warning(Rule.KILL_CHAIN_PHASE, at.child(p), "'" + p + "' should be all lowercase with hyphens as word"
                        + " separators, not '" + v.stringValue() + "'");
            }
        }
    }

    static boolean isLowercaseHyphenated(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '_' || Character.isUpperCase(c)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- NUL characters

    /*
     * PostgreSQL and many consumers cannot hold U+0000; STIX strings never need it. The scan does not
     * allocate; pointers are only built once a NUL has been found.
     */

    /** Reports the NUL characters in top-level property {@code name} and its value. */
    static void reportNul(String name, JsonNode value, Findings f) {
        Loc at = Loc.ROOT.child(name);
        if (name.indexOf('\0') >= 0) {
            f.error(Rule.NUL_CHARACTER, at, "property name contains the NUL character U+0000");
        }
        reportNul(value, at, f);
    }

    static boolean containsNul(JsonNode node) {
        if (node.isString()) {
            return node.stringValue().indexOf('\0') >= 0;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().indexOf('\0') >= 0 || containsNul(e.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0, n = node.size(); i < n; i++) {
                if (containsNul(node.get(i))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void reportNul(JsonNode node, Loc at, Findings f) {
        if (node.isString()) {
            if (node.stringValue().indexOf('\0') >= 0) {
                f.error(Rule.NUL_CHARACTER, at, "string contains the NUL character U+0000");
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                Loc child = at.child(e.getKey());
                if (e.getKey().indexOf('\0') >= 0) {
                    f.error(Rule.NUL_CHARACTER, child, "property name contains the NUL character U+0000");
                }
                reportNul(e.getValue(), child, f);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                reportNul(node.get(i), at.at(i), f);
            }
        }
    }
}
