package org.entente.stix.validation;

import java.util.Map;

import org.entente.stix.ObjectKind;

import tools.jackson.databind.JsonNode;

/**
 * Checks one STIX object against the rules of STIX 2.1 and reports every violation with the rule and a
 * JSON pointer. A MUST of the specification broken is an error (the object is refused); a SHOULD
 * broken, an open-vocabulary value outside the suggested vocabulary or a deprecated construct is a
 * warning (the object is accepted).
 *
 * <p>Types the specification does not define (custom objects such as {@code x-mitre-tactic}) and
 * properties it does not define (custom properties such as {@code x_mitre_version}) are accepted: only
 * the common rules apply to them.
 *
 * <p>Stateless and thread-safe: one instance serves a whole import. The rule tables are built once;
 * validation does no reflection, compiles no regular expression and throws no exception.
 */
public final class StixValidator {

    public ValidationReport validate(JsonNode object) {
        return validate(object, "");
    }

    /** Validates with pointers prefixed by {@code base} (e.g. {@code /objects/17} inside a bundle). */
    public ValidationReport validate(JsonNode object, String base) {
        Findings f = new Findings(base);
        if (object == null || !object.isObject()) {
            f.error(Rule.NOT_AN_OBJECT, "", "a STIX object must be a JSON object");
            return f.report();
        }
        JsonNode typeNode = object.get("type");
        TypeSpec spec = typeNode != null && typeNode.isString() ? TypeSpecs.of(typeNode.stringValue()) : null;
        String type = spec != null ? spec.type() : checkType(typeNode, f);
        if (type == null) {
            // Without a type nothing else can be checked; NUL characters still can.
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                if (e.getKey().indexOf('\0') >= 0 || CommonRules.containsNul(e.getValue())) {
                    CommonRules.reportNul(e.getKey(), e.getValue(), f);
                }
            }
        } else {
            ObjectKind kind;
            if (spec == null) {
                kind = Extensions.declaredKind(object);
                spec = TypeSpecs.custom(kind);
            } else {
                kind = spec.kind();
            }
            Check c = new Check(f, object, type, kind, spec);
            JsonNode idNode = object.get("id");
            int sep = checkId(idNode, type, kind, f);
            TypeRules.check(c);
            if (sep >= 0 && kind == ObjectKind.OBSERVABLE) {
                ScoIds.check(c, idNode.stringValue(), sep);
            }
        }
        return f.report();
    }

    /** The object's type, or null when it is missing or malformed (reported). */
    private static String checkType(JsonNode type, Findings f) {
        if (type == null) {
            f.error(Rule.REQUIRED_PROPERTY, "/type", "required property 'type' is missing");
            return null;
        }
        if (!type.isString()) {
            f.error(Rule.PROPERTY_TYPE, "/type", "'type' must be a string, not " + Check.describe(type));
            return null;
        }
        String problem = Ids.typeNameProblem(type.stringValue());
        if (problem != null) {
            f.error(Rule.TYPE_NAME, "/type", "type '" + type.stringValue() + "' " + problem
                    + " (type names are 3-250 characters of lowercase a-z, 0-9 and single hyphens)");
            return null;
        }
        return type.stringValue();
    }

    /** Checks the id; returns the index of its {@code --} separator, or -1 when it is unusable. */
    private static int checkId(JsonNode id, String type, ObjectKind kind, Findings f) {
        if (id == null) {
            f.error(Rule.REQUIRED_PROPERTY, "/id", "required property 'id' is missing");
            return -1;
        }
        if (!id.isString()) {
            f.error(Rule.IDENTIFIER_FORMAT, "/id", "'id' must be a string of the form " + type + "--<UUID>, not "
                    + Check.describe(id));
            return -1;
        }
        String s = id.stringValue();
        int sep = Ids.uuidSeparator(s);
        if (sep < 0 || (!Ids.hasType(s, sep, type) && Ids.typeNameProblem(s, sep) != null)) {
            f.error(Rule.IDENTIFIER_FORMAT, "/id", "'id' must be of the form " + type
                    + "--<RFC 4122 UUID>, e.g. " + type + "--e2e1a340-4415-4ba8-9671-f7343fbf0836, not '" + s + "'");
            return -1;
        }
        if (!Ids.hasType(s, sep, type)) {
            f.error(Rule.IDENTIFIER_TYPE_MISMATCH, "/id",
                    "'id' starts with '" + s.substring(0, sep) + "' but the object's type is '" + type + "'");
            return -1;
        }
        int uuidStart = sep + 2;
        if (!Ids.isRfc4122(s, uuidStart)) {
            f.error(Rule.IDENTIFIER_FORMAT, "/id", "the UUID of 'id' must be an RFC 4122 UUID: the first digit of its"
                    + " fourth group must be 8, 9, a or b (variant 10xx), not '" + s.charAt(uuidStart + 19) + "'");
            return -1;
        }
        int version = Ids.version(s, uuidStart);
        if (version != 4 && kind != ObjectKind.OBSERVABLE && kind != ObjectKind.CUSTOM) {
            f.warning(Rule.IDENTIFIER_VERSION, "/id", TypeRules.plural(kind) + " should use a UUIDv4 (section 2.9), not"
                    + " a version " + version + " UUID" + (version == 5
                    ? "; a UUIDv5 must not use the SCO namespace 00abedb4-aa42-466c-9c01-fed23315a9b7" : ""));
        }
        return sep;
    }
}
