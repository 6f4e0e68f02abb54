package org.entente.stix.validation;

import java.util.List;

/** The outcome of validating one object: valid when no violation is an error. */
public record ValidationReport(List<Violation> violations) {

    public ValidationReport {
        violations = List.copyOf(violations);
    }

    public boolean valid() {
        return violations.stream().noneMatch(Violation::isError);
    }

    public List<Violation> errors() {
        return violations.stream().filter(Violation::isError).toList();
    }

    public List<Violation> warnings() {
        return violations.stream().filter(v -> !v.isError()).toList();
    }
}
