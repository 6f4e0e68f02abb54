package org.entente.stix;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One version of one STIX object, exactly as it was given: every property, known or custom, is kept in
 * the underlying JSON tree, so writing it back out loses nothing. Equality is JSON equality (property
 * order does not matter; values, including timestamp text, do).
 *
 * <p>Construct through {@link #of(JsonNode)}, which only checks what every later step relies on (a
 * JSON object with a well-formed {@code id} matching its {@code type}); full rule checking is
 * {@link org.entente.stix.validation.StixValidator}'s job.
 */
public final class StixObject {

    private final ObjectNode json;
    private final StixId id;
    private final ObjectKind kind;

    private StixObject(ObjectNode json, StixId id) {
        this.json = json;
        this.id = id;
        this.kind = StixTypes.kindOf(id.type());
    }

    /** Wraps a parsed object. The caller hands over the tree and must not modify it afterwards. */
    public static StixObject of(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("a STIX object must be a JSON object");
        }
        String type = object.path("type").stringValue(null);
        StixId id = StixId.parse(object.path("id").stringValue(null));
        if (!id.type().equals(type)) {
            throw new IllegalArgumentException("id " + id + " does not match type " + type);
        }
        return new StixObject(object, id);
    }

    public StixId id() {
        return id;
    }

    public String type() {
        return id.type();
    }

    public ObjectKind kind() {
        return kind;
    }

    /** The tree itself, shared: treat as read-only. */
    public ObjectNode json() {
        return json;
    }

    public Optional<String> string(String property) {
        JsonNode v = json.get(property);
        return v != null && v.isString() ? Optional.of(v.stringValue()) : Optional.empty();
    }

    public Optional<StixTimestamp> timestamp(String property) {
        return string(property).flatMap(StixTimestamp::tryParse);
    }

    public Optional<StixTimestamp> created() {
        return timestamp("created");
    }

    public Optional<StixTimestamp> modified() {
        return timestamp("modified");
    }

    /**
     * What tells this version apart from other versions of the same object (section 3.6): {@code modified}
     * for versioned objects; {@code created} for the immutable ones that have it (marking definitions);
     * nothing for cyber-observables, which have a single version.
     */
    public Optional<StixTimestamp> version() {
        return modified().or(this::created);
    }

    public boolean revoked() {
        JsonNode v = json.get("revoked");
        return v != null && v.isBoolean() && v.booleanValue();
    }

    public Optional<StixId> createdByRef() {
        return string("created_by_ref").flatMap(StixId::tryParse);
    }

    public List<String> objectMarkingRefs() {
        return strings("object_marking_refs");
    }

    public List<String> strings(String property) {
        JsonNode v = json.get(property);
        if (v == null || !v.isArray()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            if (e.isString()) {
                out.add(e.stringValue());
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StixObject other && json.equals(other.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, json.get("modified"));
    }

    @Override
    public String toString() {
        return id + version().map(v -> "@" + v).orElse("");
    }
}
