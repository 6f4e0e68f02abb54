package org.entente.stix;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Traffic Light Protocol 2.0 levels, ordered from least to most restrictive, with the STIX marking
 * definitions that carry them: the five TLP 2.0 definitions of the OASIS TLP extension, and the four
 * TLP 1.0 definitions of STIX 2.1 section 7.2.1.4 (WHITE read as CLEAR).
 */
public enum Tlp {
    CLEAR("clear"), GREEN("green"), AMBER("amber"), AMBER_STRICT("amber+strict"), RED("red");

    private static final Map<String, Tlp> BY_MARKING_ID = Map.of(
            "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", CLEAR,
            "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", GREEN,
            "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", AMBER,
            "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", AMBER_STRICT,
            "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", RED,
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", CLEAR,
            "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", GREEN,
            "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", AMBER,
            "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", RED);

    private static final Map<Tlp, String> TLP2_ID = Map.of(
            CLEAR, "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
            GREEN, "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
            AMBER, "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            AMBER_STRICT, "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
            RED, "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");

    private final String label;

    Tlp(String label) {
        this.label = label;
    }

    /** The TLP 2.0 label, e.g. {@code amber+strict}. */
    public String label() {
        return label;
    }

    /** The TLP 2.0 marking-definition id for this level. */
    public String markingDefinitionId() {
        return TLP2_ID.get(this);
    }

    public boolean isAbove(Tlp other) {
        return compareTo(other) > 0;
    }

    public static Optional<Tlp> byLabel(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String l = label.toLowerCase(Locale.ROOT).replace("tlp:", "").replace('_', '+').replace("white", "clear");
        for (Tlp t : values()) {
            if (t.label.equals(l)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public static Optional<Tlp> ofMarkingDefinition(String id) {
        return Optional.ofNullable(BY_MARKING_ID.get(id));
    }

    /** The most restrictive TLP among the given marking references, if any is a TLP marking. */
    public static Optional<Tlp> strictestOf(Collection<String> markingRefs) {
        return markingRefs.stream().map(BY_MARKING_ID::get).filter(java.util.Objects::nonNull).max(Enum::compareTo);
    }
}
