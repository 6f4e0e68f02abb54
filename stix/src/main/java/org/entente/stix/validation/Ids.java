package org.entente.stix.validation;

/**
 * Identifier and name syntax (sections 2.9 and 3.1), checked character by character: these run for
 * every id and reference of every object, so they use neither regular expressions nor
 * {@link java.util.UUID#fromString}.
 */
final class Ids {

    /** Length of the canonical textual form of a UUID. */
    static final int UUID_LENGTH = 36;

    private Ids() {
    }

    /**
     * What is wrong with a type name, or null when it is fine: 3-250 characters of lowercase ASCII
     * letters, digits and hyphens, starting with a letter, no {@code --}, not ending with a hyphen.
     */
    static String typeNameProblem(String type) {
        return typeNameProblem(type, type.length());
    }

    /** {@link #typeNameProblem(String)} of the first {@code n} characters of {@code type}. */
    static String typeNameProblem(String type, int n) {
        if (n < 3 || n > 250) {
            return "must be 3-250 characters long";
        }
        char first = type.charAt(0);
        if (first < 'a' || first > 'z') {
            return "must begin with a lowercase letter a-z";
        }
        char prev = 0;
        for (int i = 0; i < n; i++) {
            char c = type.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return "may only contain lowercase a-z, 0-9 and hyphens";
            }
            if (c == '-' && prev == '-') {
                return "must not contain two consecutive hyphens";
            }
            prev = c;
        }
        if (prev == '-') {
            return "must not end with a hyphen";
        }
        return null;
    }

    /**
     * Custom property names already found valid. Jackson shares one String instance per distinct name
     * within a parse, so a reference comparison finds them again; races only cost a re-check.
     */
    private static final String[] GOOD_NAMES = new String[512];

    /**
     * What is wrong with a property name, or null when it is fine: 3-250 characters of lowercase ASCII
     * letters, digits and underscores, starting with a letter (section 3.1).
     */
    static String propertyNameProblem(String name) {
        int slot = name.hashCode() & (GOOD_NAMES.length - 1);
        if (GOOD_NAMES[slot] == name) {
            return null;
        }
        String problem = checkPropertyName(name);
        if (problem == null) {
            GOOD_NAMES[slot] = name;
        }
        return problem;
    }

    private static String checkPropertyName(String name) {
        int n = name.length();
        if (n < 3 || n > 250) {
            return "must be 3-250 characters long";
        }
        char first = name.charAt(0);
        if (first < 'a' || first > 'z') {
            return "must begin with a lowercase letter a-z";
        }
        for (int i = 1; i < n; i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return "may only contain lowercase a-z, 0-9 and underscores";
            }
        }
        return null;
    }

    /**
     * The index of the {@code --} separating type and UUID when {@code id} has the form
     * {@code type--xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx} (hex digits, any case), else -1. The RFC 4122
     * variant is checked separately ({@link #isRfc4122}) so that the message can say what is wrong.
     */
    static int separator(String id) {
        int sep = uuidSeparator(id);
        return sep < 0 || typeNameProblem(id, sep) != null ? -1 : sep;
    }

    /**
     * Like {@link #separator} but without checking the type part, for callers that compare the type
     * with an expected one anyway (cheaper: identifiers are checked by the hundred thousand).
     */
    static int uuidSeparator(String id) {
        int n = id.length();
        int sep = n - UUID_LENGTH - 2;
        if (sep < 3 || id.charAt(sep) != '-' || id.charAt(sep + 1) != '-') {
            return -1;
        }
        int u = sep + 2;
        if (id.charAt(u + 8) != '-' || id.charAt(u + 13) != '-' || id.charAt(u + 18) != '-'
                || id.charAt(u + 23) != '-') {
            return -1;
        }
        return hexRun(id, u, 8) && hexRun(id, u + 9, 4) && hexRun(id, u + 14, 4) && hexRun(id, u + 19, 4)
                && hexRun(id, u + 24, 12) ? sep : -1;
    }

    private static boolean hexRun(String s, int from, int count) {
        for (int i = from, end = from + count; i < end; i++) {
            if (!isHex(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the UUID starting at {@code uuidStart} has the RFC 4122 variant (bits 10xx). */
    static boolean isRfc4122(String id, int uuidStart) {
        char c = id.charAt(uuidStart + 19);
        return c == '8' || c == '9' || c == 'a' || c == 'b' || c == 'A' || c == 'B';
    }

    /** The version nibble of the UUID starting at {@code uuidStart}. */
    static int version(String id, int uuidStart) {
        return Character.digit(id.charAt(uuidStart + 14), 16);
    }

    /** The type part of a well-formed identifier, without allocating when it matches {@code type}. */
    static boolean hasType(String id, int sep, String type) {
        return sep == type.length() && id.startsWith(type);
    }

    private static final boolean[] HEX = new boolean[128];

    static {
        for (char c : "0123456789abcdefABCDEF".toCharArray()) {
            HEX[c] = true;
        }
    }

    static boolean isHex(char c) {
        return c < 128 && HEX[c];
    }

    static boolean isLowerHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
}
