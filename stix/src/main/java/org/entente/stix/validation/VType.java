package org.entente.stix.validation;

/**
 * The type of a property value (chapter 2), as the per-type tables in {@link TypeSpecs} declare it.
 * {@link Check#value} interprets these with a pattern-matching switch.
 */
sealed interface VType {

    VType STRING = new Str();
    VType BOOLEAN = new Bool();
    VType TIMESTAMP = new Timestamp();
    VType HEX = new Hex();
    VType BINARY = new Binary();
    VType LANGUAGE_TAG = new LanguageTag();
    VType HASHES = new Hashes();
    VType INT_OR_STRING = new IntOrString();
    VType ANY = new Any();
    /** Integers must fit 54 bits (section 2.10). */
    VType INTEGER = new Int(-(1L << 53) + 1, (1L << 53) - 1);
    VType NON_NEGATIVE = new Int(0, (1L << 53) - 1);
    /** Any JSON number (section 2.6: JSON cannot express NaN or infinities). */
    VType FLOAT = new Flt(-Double.MAX_VALUE, Double.MAX_VALUE);

    record Str() implements VType {
    }

    record Bool() implements VType {
    }

    record Int(long min, long max) implements VType {
    }

    record Flt(double min, double max) implements VType {
    }

    record Timestamp() implements VType {
    }

    /** Even number of lowercase hex digits (section 2.8). */
    record Hex() implements VType {
    }

    /** Base64 (section 2.1). */
    record Binary() implements VType {
    }

    /** RFC 5646 language tag. */
    record LanguageTag() implements VType {
    }

    record Hashes() implements VType {
    }

    record IntOrString() implements VType {
    }

    /** No constraint beyond being JSON (e.g. the contents of a custom extension). */
    record Any() implements VType {
    }

    record Ref(Targets targets) implements VType {
    }

    /** A non-empty list (section 2.12) of {@code item}. */
    record ListOf(VType item) implements VType {
    }

    record Vocabulary(Vocab vocab) implements VType {
    }

    /** A non-empty dictionary (section 2.3) with values of type {@code values}. */
    record Dict(VType values) implements VType {
    }

    /** An embedded structure with its own property table (external-reference, kill-chain-phase, ...). */
    record Obj(Struct struct) implements VType {
    }

    /** Validation that needs more than the value: the whole object, its type, ... */
    record Special(SpecialCheck check) implements VType {
    }

    @FunctionalInterface
    interface SpecialCheck {
        void check(Check c, String property, tools.jackson.databind.JsonNode value, Loc at);
    }

    static VType integer(long min, long max) {
        return new Int(min, max);
    }

    static VType number(double min, double max) {
        return new Flt(min, max);
    }

    static VType ref(Targets targets) {
        return new Ref(targets);
    }

    static VType ref(String... types) {
        return new Ref(Targets.of(types));
    }

    static VType refs(Targets targets) {
        return new ListOf(new Ref(targets));
    }

    static VType refs(String... types) {
        return new ListOf(new Ref(Targets.of(types)));
    }

    static VType list(VType item) {
        return new ListOf(item);
    }

    static VType vocab(Vocab vocab) {
        return new Vocabulary(vocab);
    }

    static VType vocabs(Vocab vocab) {
        return new ListOf(new Vocabulary(vocab));
    }

    static VType dict(VType values) {
        return new Dict(values);
    }

    static VType obj(Struct struct) {
        return new Obj(struct);
    }

    static VType special(SpecialCheck check) {
        return new Special(check);
    }
}
