package org.entente.stix.validation;

import java.util.Map;
import java.util.Set;

import org.entente.stix.ObjectKind;

import tools.jackson.databind.JsonNode;

/**
 * The {@code extensions} property (sections 3.2, 3.10, 7.3 and the deprecated 11.3): keys are
 * extension-definition identifiers, predefined extension names of the object's type, or (for SCOs
 * only, deprecated) custom extension names; values are the extension contents.
 */
final class Extensions {

    private Extensions() {
    }

    private static final String DEFINITION_PREFIX = "extension-definition--";

    /** Every predefined extension name and the type that defines it (sections 6.7, 6.12, 6.13, 6.16). */
    static final Map<String, String> PREDEFINED = Map.ofEntries(
            Map.entry("archive-ext", "file"), Map.entry("ntfs-ext", "file"), Map.entry("pdf-ext", "file"),
            Map.entry("raster-image-ext", "file"), Map.entry("windows-pebinary-ext", "file"),
            Map.entry("http-request-ext", "network-traffic"), Map.entry("icmp-ext", "network-traffic"),
            Map.entry("socket-ext", "network-traffic"), Map.entry("tcp-ext", "network-traffic"),
            Map.entry("windows-process-ext", "process"), Map.entry("windows-service-ext", "process"),
            Map.entry("unix-account-ext", "user-account"));

    private static final VType EXTENSION_TYPE = VType.vocab(Vocabularies.EXTENSION_TYPE);

    private static final Set<String> NEW_OBJECT_TYPES = Set.of("new-sdo", "new-sco", "new-sro");

    static void check(Check c, String property, JsonNode v, Loc at) {
        if (!v.isObject()) {
            c.typeError(property, "a dictionary of extensions", v, at);
            return;
        }
        if (v.isEmpty()) {
            c.error(Rule.EMPTY_DICTIONARY, at, "'extensions' must not be an empty dictionary; omit the property instead");
            return;
        }
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            String key = e.getKey();
            JsonNode ext = e.getValue();
            Loc k = at.child(key);
            if (key.startsWith(DEFINITION_PREFIX)) {
                definedExtension(c, key, ext, k);
                continue;
            }
            Struct predefined = c.spec.extensions().get(key);
            if (predefined != null) {
                c.struct(key, ext, predefined, k);
                extensionType(c, ext, k);
                continue;
            }
            String owner = PREDEFINED.get(key);
            if (owner != null) {
                c.warning(Rule.EXTENSION, k, "'" + key + "' is a predefined extension of " + owner + ", not of " + c.type);
            } else if (c.kind == ObjectKind.OBSERVABLE) {
                String problem = customExtensionNameProblem(key);
                if (problem != null) {
                    c.error(Rule.EXTENSION, k, "custom extension name '" + key + "' " + problem
                            + "; or use an extension-definition identifier as the key (section 7.3)");
                }
            } else {
                c.warning(Rule.EXTENSION, k, "extension key '" + key + "' should be the id of an extension-definition"
                        + " (section 7.3); custom extensions (section 11.3) are only defined for SCOs");
            }
            if (!ext.isObject()) {
                c.typeError(key, "an object holding the extension's properties", ext, k);
            } else if (ext.isEmpty()) {
                c.error(Rule.EXTENSION, k, "extension '" + key + "' must have at least one property");
            } else {
                extensionType(c, ext, k);
            }
        }
    }

    private static void definedExtension(Check c, String key, JsonNode ext, Loc k) {
        int sep = Ids.separator(key);
        if (sep < 0 || !Ids.isRfc4122(key, sep + 2)) {
            c.error(Rule.REFERENCE_FORMAT, k, "extension key '" + key + "' must be an extension-definition identifier"
                    + " (extension-definition--<RFC 4122 UUID>)");
        }
        if (!ext.isObject()) {
            c.typeError(key, "an object holding the extension's properties", ext, k);
            return;
        }
        JsonNode type = ext.get("extension_type");
        if (type == null) {
            c.error(Rule.EXTENSION, k.child("extension_type"), "an extension defined by an extension-definition must"
                    + " state its 'extension_type' (section 3.2)");
            return;
        }
        extensionType(c, ext, k);
        if (type.isString() && NEW_OBJECT_TYPES.contains(type.stringValue()) && c.spec.type() != null) {
            c.error(Rule.EXTENSION, k.child("extension_type"), "'" + type.stringValue() + "' defines a new object type,"
                    + " but " + c.type + " is defined by STIX 2.1 and must not be redefined (section 7.3)");
        }
    }

    private static void extensionType(Check c, JsonNode ext, Loc k) {
        JsonNode type = ext.get("extension_type");
        if (type != null) {
            c.value("extension_type", type, EXTENSION_TYPE, k.child("extension_type"));
        }
    }

    /** Section 11.3.1: a-z, 0-9 and hyphens, 3-250 characters, ending in -ext. */
    private static String customExtensionNameProblem(String key) {
        int n = key.length();
        if (n < 3 || n > 250) {
            return "must be 3-250 characters long";
        }
        for (int i = 0; i < n; i++) {
            char ch = key.charAt(i);
            if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')) {
                return "may only contain lowercase a-z, 0-9 and hyphens";
            }
        }
        if (!key.endsWith("-ext")) {
            return "must end with -ext";
        }
        return null;
    }

    /**
     * The kind a custom type declares through an extension-definition (new-sdo, new-sco, new-sro), or
     * {@link ObjectKind#CUSTOM} when it declares none.
     */
    static ObjectKind declaredKind(JsonNode object) {
        JsonNode extensions = object.get("extensions");
        if (extensions == null || !extensions.isObject()) {
            return ObjectKind.CUSTOM;
        }
        for (Map.Entry<String, JsonNode> e : extensions.properties()) {
            JsonNode t = e.getValue().isObject() ? e.getValue().get("extension_type") : null;
            if (t != null && t.isString()) {
                switch (t.stringValue()) {
                    case "new-sdo" -> {
                        return ObjectKind.DOMAIN;
                    }
                    case "new-sco" -> {
                        return ObjectKind.OBSERVABLE;
                    }
                    case "new-sro" -> {
                        return ObjectKind.RELATIONSHIP;
                    }
                    default -> {
                    }
                }
            }
        }
        return ObjectKind.CUSTOM;
    }
}
