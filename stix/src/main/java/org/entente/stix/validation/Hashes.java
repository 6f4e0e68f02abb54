package org.entente.stix.validation;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The hashes type (section 2.7): a non-empty dictionary from algorithm name to digest. Names should
 * come from hash-algorithm-ov (section 10.7) or be custom ({@code x_...}); digests of the fixed-length
 * algorithms must have the length that algorithm produces.
 */
final class Hashes {

    private Hashes() {
    }

    /** Hex digits of the fixed-length algorithms of hash-algorithm-ov. */
    private static final Map<String, Integer> HEX_LENGTH = Map.of(
            "MD5", 32, "SHA-1", 40, "SHA-256", 64, "SHA-512", 128, "SHA3-256", 64, "SHA3-512", 128);

    static void check(Check c, String property, JsonNode v, Loc at) {
        if (!v.isObject()) {
            c.typeError(property, "a dictionary of hashes (algorithm name to digest)", v, at);
            return;
        }
        if (v.isEmpty()) {
            c.error(Rule.EMPTY_DICTIONARY, at, "'" + property + "' must hold at least one hash; omit the property instead");
            return;
        }
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            String algorithm = e.getKey();
            Loc k = at.child(algorithm);
            String problem = Check.dictionaryKeyProblem(algorithm, 3);
            if (problem != null) {
                c.error(Rule.HASHES, k, "hash algorithm name '" + algorithm + "' " + problem);
                continue;
            }
            JsonNode digest = e.getValue();
            if (!digest.isString()) {
                c.typeError(property + "." + algorithm, "a string", digest, k);
                continue;
            }
            Integer length = HEX_LENGTH.get(algorithm);
            if (length != null) {
                String d = digest.stringValue();
                if (d.length() != length || !allHex(d)) {
                    c.error(Rule.HASHES, k, "a " + algorithm + " digest must be " + length + " hexadecimal digits, not '"
                            + d + "' (" + d.length() + " characters)");
                }
            } else if (!Vocabularies.HASH_ALGORITHM.contains(algorithm) && !algorithm.startsWith("x_")) {
                String suggestion = suggestion(algorithm);
                c.warning(Rule.VOCABULARY, k, "hash algorithm '" + algorithm + "' is not in hash-algorithm-ov"
                        + (suggestion != null ? " (did you mean '" + suggestion + "'?)" : "")
                        + "; custom algorithm names should start with x_");
            }
        }
    }

    private static boolean allHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Ids.isHex(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The vocabulary name a common misspelling (sha256, Sha-1, md5) stands for. */
    private static String suggestion(String algorithm) {
        String folded = algorithm.replace("-", "").replace("_", "").toUpperCase(java.util.Locale.ROOT);
        for (String known : Vocabularies.HASH_ALGORITHM.values()) {
            if (known.replace("-", "").equals(folded)) {
                return known;
            }
        }
        return null;
    }
}
