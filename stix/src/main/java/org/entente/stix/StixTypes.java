package org.entente.stix;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The object types defined by STIX 2.1 and the kind each belongs to. */
public final class StixTypes {

    public static final Set<String> DOMAIN_OBJECTS = Set.of(
            "attack-pattern", "campaign", "course-of-action", "grouping", "identity", "incident", "indicator",
            "infrastructure", "intrusion-set", "location", "malware", "malware-analysis", "note",
            "observed-data", "opinion", "report", "threat-actor", "tool", "vulnerability");

    public static final Set<String> RELATIONSHIP_OBJECTS = Set.of("relationship", "sighting");

    public static final Set<String> OBSERVABLE_OBJECTS = Set.of(
            "artifact", "autonomous-system", "directory", "domain-name", "email-addr", "email-message", "file",
            "ipv4-addr", "ipv6-addr", "mac-addr", "mutex", "network-traffic", "process", "software", "url",
            "user-account", "windows-registry-key", "x509-certificate");

    private static final Map<String, ObjectKind> KINDS = Stream.of(
                    DOMAIN_OBJECTS.stream().map(t -> Map.entry(t, ObjectKind.DOMAIN)),
                    RELATIONSHIP_OBJECTS.stream().map(t -> Map.entry(t, ObjectKind.RELATIONSHIP)),
                    OBSERVABLE_OBJECTS.stream().map(t -> Map.entry(t, ObjectKind.OBSERVABLE)),
                    Stream.of(Map.entry("marking-definition", ObjectKind.MARKING_DEFINITION),
                            Map.entry("language-content", ObjectKind.LANGUAGE_CONTENT),
                            Map.entry("extension-definition", ObjectKind.EXTENSION_DEFINITION)))
            .flatMap(s -> s)
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private StixTypes() {
    }

    /** The kind of a type name; anything STIX 2.1 does not define is {@link ObjectKind#CUSTOM}. */
    public static ObjectKind kindOf(String type) {
        return KINDS.getOrDefault(type, ObjectKind.CUSTOM);
    }

    public static boolean isDefined(String type) {
        return KINDS.containsKey(type);
    }
}
