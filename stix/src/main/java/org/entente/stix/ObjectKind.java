package org.entente.stix;

/**
 * The families of STIX objects (section 1.2). The kind decides which common properties are required
 * and how versions are told apart.
 */
public enum ObjectKind {
    /** STIX Domain Object. */
    DOMAIN,
    /** STIX Relationship Object: relationship and sighting. */
    RELATIONSHIP,
    /** STIX Cyber-observable Object: no created/modified, identified deterministically. */
    OBSERVABLE,
    /** marking-definition: immutable, never versioned. */
    MARKING_DEFINITION,
    /** language-content. */
    LANGUAGE_CONTENT,
    /** extension-definition. */
    EXTENSION_DEFINITION,
    /** A type this library does not define (custom object, e.g. {@code x-mitre-tactic}). */
    CUSTOM;

    /** Whether objects of this kind carry {@code created}/{@code modified} and are versioned by them. */
    public boolean isVersioned() {
        return this != OBSERVABLE && this != MARKING_DEFINITION;
    }
}
