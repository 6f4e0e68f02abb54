package org.entente.correlation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.entente.stix.ObjectKind;
import org.entente.stix.StixJson;
import org.entente.stix.StixTimestamp;
import org.entente.stix.StixTypes;
import org.entente.stix.pattern.Observation;
import org.entente.stix.validation.StixValidator;
import org.entente.stix.validation.ValidationReport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What was observed, as the correlation sees it: the observations to match (one per observed-data)
 * and the objects to store so that sightings' references resolve (the SCOs and the observed-data,
 * including observed-data made up for bare SCOs and values).
 *
 * @param observations one per observed-data, with the SCOs it refers to
 * @param objects      everything to store, SCOs first
 */
public record Submission(List<Observation> observations, List<ObjectNode> objects) {

    private static final StixValidator VALIDATOR = new StixValidator();

    public Submission {
        observations = List.copyOf(observations);
        objects = List.copyOf(objects);
    }

    /**
     * {@code {"values": [...], "observed_at": "..."}}: each value becomes its SCO, observed once at
     * {@code observed_at} (default: now) in an observed-data of its own. Every bad value is refused by
     * its pointer before anything is made.
     */
    public static Submission ofValues(JsonNode body, Instant now) {
        JsonNode values = body.path("values");
        if (!values.isArray() || values.isEmpty()) {
            throw new InvalidSubmission("/values", "must be a non-empty array of values");
        }
        Instant at = observedAt(body.path("observed_at"), now);
        List<ObjectNode> objects = new ArrayList<>();
        List<ObjectNode> observedData = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            JsonNode v = values.get(i);
            ObservedValue value = ObservedValue.infer(v.isString() ? v.stringValue() : null)
                    .orElseThrow(pointer("/values/" + i, ObservedValue.EXPECTED));
            ObjectNode sco = value.sco();
            if (seen.add(sco.path("id").stringValue())) {
                objects.add(sco);
                observedData.add(observedData(List.of(sco.path("id").stringValue()), at, at, now));
            }
        }
        return assemble(objects, observedData);
    }

    /**
     * A STIX bundle (or array, or one object) of observed-data and cyber-observables. Every object is
     * validated like an import; observed-data must find the SCOs it refers to in the submission;
     * bare SCOs no observed-data refers to are observed once at {@code now}.
     */
    public static Submission ofBundle(JsonNode body, Instant now) {
        List<JsonNode> list = new ArrayList<>();
        String base;
        if (body.isArray()) {
            body.forEach(list::add);
            base = "";
        } else if ("bundle".equals(body.path("type").asString(""))) {
            if (!body.path("objects").isArray()) {
                throw new InvalidSubmission("/objects", "a bundle of observations needs an array of objects");
            }
            body.path("objects").forEach(list::add);
            base = "/objects";
        } else {
            list.add(body);
            base = null;
        }
        if (list.isEmpty()) {
            throw new InvalidSubmission(base == null || base.isEmpty() ? "/" : base, "holds no observations");
        }
        Map<String, ObjectNode> scos = new LinkedHashMap<>();
        Map<String, String> pointers = new LinkedHashMap<>();
        List<ObjectNode> given = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = base == null ? "" : base + "/" + i;
            JsonNode o = list.get(i);
            if (!o.isObject()) {
                throw new InvalidSubmission(at.isEmpty() ? "/" : at, "must be a STIX object");
            }
            String type = o.path("type").asString("");
            boolean observable = StixTypes.kindOf(type) == ObjectKind.OBSERVABLE;
            if (!observable && !"observed-data".equals(type)) {
                throw new InvalidSubmission(at + "/type", "only observed-data and cyber-observables can be submitted"
                        + " as observations, not '" + type + "' (import intelligence with /api/v1/objects)");
            }
            ValidationReport report = VALIDATOR.validate(o, at);
            if (!report.valid()) {
                var first = report.errors().getFirst();
                throw new InvalidSubmission(first.pointer().isEmpty() ? "/" : first.pointer(), first.message());
            }
            if (observable) {
                scos.put(o.path("id").stringValue(), (ObjectNode) o);
                pointers.put(o.path("id").stringValue(), at);
            } else {
                given.add((ObjectNode) o);
                pointers.put(o.path("id").stringValue(), at);
            }
        }
        Set<String> referenced = new HashSet<>();
        List<Observation> observations = new ArrayList<>();
        for (ObjectNode od : given) {
            Map<String, JsonNode> objects = new LinkedHashMap<>();
            if (od.path("objects").isObject()) {
                for (var e : od.path("objects").properties()) {
                    objects.put(e.getKey(), e.getValue());
                }
            }
            JsonNode refs = od.path("object_refs");
            for (int j = 0; j < refs.size(); j++) {
                String ref = refs.get(j).asString("");
                ObjectNode sco = scos.get(ref);
                if (sco == null && StixTypes.kindOf(ref.contains("--") ? ref.substring(0, ref.indexOf("--")) : "")
                        == ObjectKind.OBSERVABLE) {
                    throw new InvalidSubmission(pointers.get(od.path("id").stringValue()) + "/object_refs/" + j,
                            "refers to " + ref + ", which is not in the submission");
                }
                if (sco != null) {
                    referenced.add(ref);
                    objects.put(ref, sco);
                }
            }
            // SCOs refer to each other (e.g. a domain's resolves_to_refs): those in the submission come along.
            for (ObjectNode sco : scos.values()) {
                objects.putIfAbsent(sco.path("id").stringValue(), sco);
            }
            observations.add(observation(od, objects));
        }
        List<ObjectNode> toStore = new ArrayList<>(scos.values());
        List<ObjectNode> observedData = new ArrayList<>(given);
        for (ObjectNode sco : scos.values()) {
            if (!referenced.contains(sco.path("id").stringValue())) {
                ObjectNode od = observedData(List.of(sco.path("id").stringValue()), now, now, now);
                observedData.add(od);
                observations.add(observation(od, Map.of(sco.path("id").stringValue(), sco)));
            }
        }
        toStore.addAll(observedData);
        return new Submission(observations, toStore);
    }

    private static Submission assemble(List<ObjectNode> scos, List<ObjectNode> observedData) {
        Map<String, ObjectNode> byId = new LinkedHashMap<>();
        scos.forEach(s -> byId.put(s.path("id").stringValue(), s));
        List<Observation> observations = new ArrayList<>();
        for (ObjectNode od : observedData) {
            Map<String, JsonNode> objects = new LinkedHashMap<>();
            od.path("object_refs").forEach(r -> objects.put(r.stringValue(), byId.get(r.stringValue())));
            observations.add(observation(od, objects));
        }
        List<ObjectNode> all = new ArrayList<>(scos);
        all.addAll(observedData);
        return new Submission(observations, all);
    }

    static Observation observation(JsonNode od, Map<String, JsonNode> objects) {
        Instant first = StixTimestamp.parse(od.path("first_observed").stringValue()).instant();
        Instant last = StixTimestamp.parse(od.path("last_observed").stringValue()).instant();
        return new Observation(od.path("id").stringValue(), first, last, od.path("number_observed").asInt(1), objects);
    }

    static ObjectNode observedData(List<String> refs, Instant first, Instant last, Instant now) {
        ObjectNode od = StixJson.MAPPER.createObjectNode();
        String created = StixTimestamp.of(now).text();
        od.put("type", "observed-data");
        od.put("spec_version", "2.1");
        od.put("id", "observed-data--" + UUID.randomUUID());
        od.put("created", created);
        od.put("modified", created);
        od.put("first_observed", StixTimestamp.of(first).text());
        od.put("last_observed", StixTimestamp.of(last).text());
        od.put("number_observed", 1);
        var array = od.putArray("object_refs");
        refs.forEach(array::add);
        return od;
    }

    private static Instant observedAt(JsonNode node, Instant now) {
        if (node.isMissingNode() || node.isNull()) {
            return now;
        }
        return StixTimestamp.tryParse(node.asString("")).map(StixTimestamp::instant)
                .orElseThrow(pointer("/observed_at", "must be an RFC 3339 timestamp ending in Z, e.g. 2025-06-26T08:00:00Z"));
    }

    private static java.util.function.Supplier<InvalidSubmission> pointer(String pointer, String message) {
        return () -> new InvalidSubmission(pointer, message);
    }
}
