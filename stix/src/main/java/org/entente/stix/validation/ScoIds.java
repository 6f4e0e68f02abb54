package org.entente.stix.validation;

import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deterministic identifiers of cyber-observables (sections 2.9 and 3.4): a UUIDv5 in the STIX namespace
 * over the RFC 8785 canonical JSON of the ID contributing properties.
 *
 * <p>Severities follow the normative words. Producers SHOULD use the deterministic UUIDv5 but MAY use
 * other algorithms, so an identifier that differs from it is a warning. Two cases are MUSTs and
 * therefore errors: a UUIDv4 must be used when none of the (all optional) contributing properties is
 * present, and an SCO carrying versioning properties must not use the default namespace, i.e. its id
 * must not be the deterministic one.
 */
final class ScoIds {

    private ScoIds() {
    }

    /** The order of preference of section 3.4 when hashes contribute to an id: only one is used. */
    private static final List<String> HASH_PREFERENCE = List.of("MD5", "SHA-1", "SHA-256", "SHA-512");

    static void check(Check c, String id, int sep) {
        List<String> contributing = c.spec.idContributing();
        if (contributing == null) {
            return;
        }
        int uuidStart = sep + 2;
        int version = Ids.version(id, uuidStart);
        Loc at = Loc.ROOT.child("id");
        ObjectNode name = contributingProperties(c.root, contributing);
        if (name == null) {
            for (String p : contributing) {
                TypeSpec.Prop prop = c.spec.props().get(p);
                if (prop != null && prop.presence() == TypeSpec.Presence.REQUIRED) {
                    return; // a required contributing property is missing: reported as such
                }
            }
            if (version != 4) {
                c.error(Rule.SCO_DETERMINISTIC_ID, at, (contributing.isEmpty()
                        ? "a " + c.type + " has no ID contributing properties"
                        : "none of the ID contributing properties (" + String.join(", ", contributing)
                                + ") is present") + ", so its id must use a UUIDv4 (section 2.9), not a version "
                        + version + " UUID");
            }
            return;
        }
        String expected = c.type + "--" + deterministicUuid(name);
        boolean deterministic = id.regionMatches(true, 0, expected, 0, expected.length())
                && id.length() == expected.length();
        boolean versioned = c.root.has("created") || c.root.has("modified");
        if (deterministic) {
            if (versioned) {
                c.error(Rule.SCO_DETERMINISTIC_ID, at, "a versioned SCO (with created/modified) must not use the"
                        + " default namespace 00abedb4-aa42-466c-9c01-fed23315a9b7 for its id (section 3.6)");
            }
            return;
        }
        if (versioned) {
            return; // a versioned SCO is expected to have a non-default id
        }
        c.warning(Rule.SCO_DETERMINISTIC_ID, at, "the id should be the deterministic " + expected
                + " (UUIDv5 of " + Jcs.canonicalize(name) + ", section 2.9)"
                + (version == 5 ? "; a UUIDv5 computed differently must not use the STIX namespace" : ""));
    }

    /** The JSON object whose canonical form names the SCO, or null when no contributing property is present. */
    static ObjectNode contributingProperties(JsonNode sco, List<String> contributing) {
        ObjectNode name = null;
        for (String p : contributing) {
            JsonNode v = sco.get(p);
            if (v == null) {
                continue;
            }
            if (p.equals("hashes")) {
                v = oneHash(v);
                if (v == null) {
                    continue;
                }
            }
            if (name == null) {
                name = JsonNodeFactory.instance.objectNode();
            }
            name.set(p, v);
        }
        return name;
    }

    /** The single hash section 3.4 lets contribute: MD5, SHA-1, SHA-256, SHA-512, else the first one. */
    private static JsonNode oneHash(JsonNode hashes) {
        if (!hashes.isObject() || hashes.isEmpty()) {
            return null;
        }
        for (String algorithm : HASH_PREFERENCE) {
            JsonNode v = hashes.get(algorithm);
            if (v != null) {
                return JsonNodeFactory.instance.objectNode().set(algorithm, v);
            }
        }
        String first = hashes.propertyNames().iterator().next();
        return JsonNodeFactory.instance.objectNode().set(first, hashes.get(first));
    }

    static UUID deterministicUuid(JsonNode contributingProperties) {
        return UuidV5.of(UuidV5.SCO_NAMESPACE, Jcs.canonicalize(contributingProperties));
    }

    /**
     * The deterministic identifier of an SCO of a STIX-defined type, or null when the type is not an SCO
     * or none of its ID contributing properties is present.
     */
    static String deterministicId(JsonNode sco) {
        JsonNode type = sco.get("type");
        if (type == null || !type.isString()) {
            return null;
        }
        TypeSpec spec = TypeSpecs.of(type.stringValue());
        if (spec == null || spec.idContributing() == null) {
            return null;
        }
        ObjectNode name = contributingProperties(sco, spec.idContributing());
        return name == null ? null : type.stringValue() + "--" + deterministicUuid(name);
    }
}
