package org.entente.stix.validation;

/** ERROR: the object breaks a MUST rule and is refused. WARNING: reported, object still accepted. */
public enum Severity {
    ERROR, WARNING
}
