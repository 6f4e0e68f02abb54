package org.entente.stix.validation;

import java.util.ArrayList;
import java.util.List;

/** Collects violations while an object is checked; pointers are relative to the object. */
final class Findings {

    private final String base;
    private final List<Violation> list = new ArrayList<>(2);

    Findings(String base) {
        this.base = base == null ? "" : base;
    }

    void error(Rule rule, String pointer, String message) {
        list.add(Violation.error(rule, base + pointer, message));
    }

    void warning(Rule rule, String pointer, String message) {
        list.add(Violation.warning(rule, base + pointer, message));
    }

    void error(Rule rule, Loc at, String message) {
        error(rule, at.pointer(), message);
    }

    void warning(Rule rule, Loc at, String message) {
        warning(rule, at.pointer(), message);
    }

    boolean hasErrors() {
        for (Violation v : list) {
            if (v.isError()) {
                return true;
            }
        }
        return false;
    }

    ValidationReport report() {
        return new ValidationReport(list);
    }

    /** RFC 6901 escaping of one reference token. */
    static String token(String name) {
        return name.indexOf('~') < 0 && name.indexOf('/') < 0 ? name : name.replace("~", "~0").replace("/", "~1");
    }
}
