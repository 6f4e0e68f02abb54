package org.entente.stix;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A STIX identifier: {@code type--UUID} (STIX 2.1 section 2.9). Only well-formed identifiers can be
 * constructed, so code holding a {@code StixId} never has to re-check its shape.
 */
public record StixId(String type, UUID uuid) implements Comparable<StixId> {

    /**
     * Type names: 3-250 characters of lowercase ASCII letters, digits and hyphens, beginning with a letter
     * (section 3.1).
     */
    static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9-]{1,248}[a-z0-9]");

    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public StixId {
        if (type == null || !isTypeName(type)) {
            throw new IllegalArgumentException("not a STIX type name: " + type);
        }
        if (uuid == null) {
            throw new IllegalArgumentException("uuid is required");
        }
    }

    /** Parses {@code type--UUID}, or explains in the exception message what is wrong with it. */
    public static StixId parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "identifier must be of the form type--UUID (RFC 4122): " + text));
    }

    public static Optional<StixId> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int sep = text.indexOf("--");
        // The type may itself contain single hyphens but never "--"; the UUID is always the last 36 chars.
        if (sep < 0 || text.length() - sep - 2 != 36) {
            return Optional.empty();
        }
        String type = text.substring(0, sep);
        String uuid = text.substring(sep + 2);
        if (!isTypeName(type) || !UUID_FORM.matcher(uuid).matches()) {
            return Optional.empty();
        }
        return Optional.of(new StixId(type, UUID.fromString(uuid)));
    }

    public static boolean isTypeName(String type) {
        if (VALID_TYPE_NAMES.containsKey(type)) {
            return true;
        }
        boolean valid = TYPE_NAME.matcher(type).matches() && !type.contains("--");
        if (valid && VALID_TYPE_NAMES.size() < MAX_REMEMBERED) {
            VALID_TYPE_NAMES.putIfAbsent(type, Boolean.TRUE);
        }
        return valid;
    }

    /**
     * Type names already found valid, so that ids of the few types in use (built by the thousand per second
     * from stored UUIDs, e.g. by the indicator index) skip the regular expression. Validity depends on the
     * text alone, so remembering it is exact; bounded, so that hostile input cannot grow it.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, Boolean> VALID_TYPE_NAMES =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_REMEMBERED = 1024;

    public static StixId random(String type) {
        return new StixId(type, UUID.randomUUID());
    }

    @Override
    public int compareTo(StixId other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return type + "--" + uuid;
    }
}
