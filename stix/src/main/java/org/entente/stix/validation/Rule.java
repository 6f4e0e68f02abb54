package org.entente.stix.validation;

/**
 * The rules the validator checks, each named after the specification requirement it enforces. The
 * code is stable: API clients and tests match on it.
 */
public enum Rule {
    NOT_AN_OBJECT("not-an-object", "2"),
    REQUIRED_PROPERTY("required-property", "3.2"),
    PROPERTY_TYPE("property-type", "2"),
    TYPE_NAME("type-name", "3.1"),
    PROPERTY_NAME("property-name", "3.1"),
    RESERVED_PROPERTY("reserved-property", "3.8"),
    IDENTIFIER_FORMAT("identifier-format", "2.9"),
    IDENTIFIER_TYPE_MISMATCH("identifier-type-mismatch", "2.9"),
    /** An SDO, SRO or meta object whose UUID is not version 4 (a SHOULD: warning). */
    IDENTIFIER_VERSION("identifier-version", "2.9"),
    SPEC_VERSION("spec-version", "3.2"),
    TIMESTAMP_FORMAT("timestamp-format", "2.16"),
    /** {@code created}/{@code modified} with less than millisecond precision. */
    TIMESTAMP_PRECISION("timestamp-precision", "3.2"),
    MODIFIED_BEFORE_CREATED("modified-before-created", "3.2"),
    /** Two timestamps of one object in the wrong order (e.g. valid_until not after valid_from). */
    TIMESTAMP_ORDER("timestamp-order", "4"),
    REFERENCE_FORMAT("reference-format", "2.9"),
    REFERENCE_TYPE("reference-type", "3.3"),
    NOT_ALLOWED_PROPERTY("not-allowed-property", "3.2"),
    /** None of a set of properties of which at least one must be present. */
    AT_LEAST_ONE_OF("at-least-one-of", "4"),
    /** A property present without the one it depends on, or together with one it excludes. */
    PROPERTY_DEPENDENCY("property-dependency", "4"),
    EMPTY_LIST("empty-list", "2.12"),
    EMPTY_DICTIONARY("empty-dictionary", "2.3"),
    DICTIONARY_KEY("dictionary-key", "2.3"),
    VALUE_RANGE("value-range", "2"),
    /** A string not in the form its property requires (hex, binary, language tag, MAC address, ...). */
    VALUE_FORMAT("value-format", "2"),
    VOCABULARY("vocabulary", "2.14"),
    ENUMERATION("enumeration", "2.4"),
    SCO_DETERMINISTIC_ID("sco-deterministic-id", "3.4"),
    HASHES("hashes", "2.7"),
    EXTERNAL_REFERENCE("external-reference", "2.5"),
    KILL_CHAIN_PHASE("kill-chain-phase", "2.11"),
    MARKING("marking", "7.2"),
    GRANULAR_MARKING("granular-marking", "7.2.3"),
    EXTENSION("extension", "7.3"),
    /** Deprecated constructs (observable containers, ...): reported as warnings. */
    DEPRECATED("deprecated", "2.13"),
    NUL_CHARACTER("nul-character", "2.15");

    private final String code;
    private final String section;

    Rule(String code, String section) {
        this.code = code;
        this.section = section;
    }

    /** Stable kebab-case name. */
    public String code() {
        return code;
    }

    /** The section of the STIX 2.1 specification that states the requirement. */
    public String section() {
        return section;
    }
}
