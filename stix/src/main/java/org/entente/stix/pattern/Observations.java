package org.entente.stix.pattern;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.entente.stix.StixTimestamp;

import tools.jackson.databind.JsonNode;

/**
 * Turns STIX objects into the {@link Observation}s a pattern is matched against.
 * <ul>
 * <li>Each {@code observed-data} becomes one observation with its window and {@code number_observed};
 * its objects are those of the deprecated {@code objects} dictionary (keyed by the dictionary's keys),
 * or the SCOs its {@code object_refs} name, looked up in the same bundle (keyed by id; ids of SROs are
 * skipped, ids not in the bundle are an error). Only those objects can be reached by references
 * (section 9.7.4).</li>
 * <li>Each SCO that no observed-data lists (a "bare" SCO) becomes one observation of its own, with its
 * id as the observation's id, observed once at the given instant; its objects are the SCO and the SCOs
 * of the bundle it reaches through {@code *_ref} / {@code *_refs}.</li>
 * <li>An SCO is an object with a {@code type} and without {@code created} (SDOs, SROs and meta objects
 * all have {@code created}).</li>
 * </ul>
 * Errors are {@link IllegalArgumentException}s naming the JSON pointer and, where known, the object id.
 */
public final class Observations {

    private static final int MAX_NUMBER_OBSERVED = 999_999_999;

    private Observations() {
    }

    /** The observations of a bundle; bare SCOs count as observed now. */
    public static List<Observation> fromBundle(JsonNode bundle) {
        return fromBundle(bundle, Instant.now());
    }

    /** The observations of a bundle; bare SCOs count as observed at {@code bareObservedAt}. */
    public static List<Observation> fromBundle(JsonNode bundle, Instant bareObservedAt) {
        if (bundle == null || !bundle.isObject() || !"bundle".equals(bundle.path("type").asString(""))) {
            throw new IllegalArgumentException("/type: not a STIX bundle (expected an object with \"type\": \"bundle\")");
        }
        JsonNode objects = bundle.get("objects");
        if (objects == null) {
            return List.of();
        }
        if (!objects.isArray()) {
            throw new IllegalArgumentException("/objects: must be a list of STIX objects");
        }
        List<JsonNode> list = new ArrayList<>();
        objects.forEach(list::add);
        return build(list, bareObservedAt, "/objects/");
    }

    /** The observations among loose objects; bare SCOs count as observed now. */
    public static List<Observation> fromObjects(List<JsonNode> objects) {
        return fromObjects(objects, Instant.now());
    }

    /** The observations among loose objects (pointers are {@code /index/...}). */
    public static List<Observation> fromObjects(List<JsonNode> objects, Instant bareObservedAt) {
        return build(objects, bareObservedAt, "/");
    }

    private static List<Observation> build(List<JsonNode> objects, Instant bareObservedAt, String prefix) {
        Map<String, JsonNode> scos = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < objects.size(); i++) {
            JsonNode o = objects.get(i);
            if (o == null || !o.isObject() || !o.path("type").isString()) {
                throw new IllegalArgumentException(prefix + i + ": not a STIX object (no \"type\")");
            }
            String id = o.path("id").asString(null);
            if (id != null) {
                ids.add(id);
            }
            if (isSco(o)) {
                if (id == null) {
                    throw new IllegalArgumentException(prefix + i + "/id: cyber-observable of type '"
                            + o.path("type").asString() + "' has no id");
                }
                scos.put(id, o);
            }
        }
        List<Observation> observations = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (int i = 0; i < objects.size(); i++) {
            JsonNode o = objects.get(i);
            if (o.path("type").asString().equals("observed-data")) {
                observations.add(observedData(o, prefix + i, scos, ids, listed));
            }
        }
        if (bareObservedAt == null && scos.keySet().stream().anyMatch(id -> !listed.contains(id))) {
            throw new IllegalArgumentException("bare cyber-observables need a time to be observed at");
        }
        for (Map.Entry<String, JsonNode> sco : scos.entrySet()) {
            if (!listed.contains(sco.getKey())) {
                observations.add(new Observation(sco.getKey(), bareObservedAt, bareObservedAt, 1, reachable(sco.getValue(), scos)));
            }
        }
        return observations;
    }

    private static boolean isSco(JsonNode o) {
        String type = o.path("type").asString();
        return !o.has("created") && !type.equals("bundle");
    }

    private static Observation observedData(JsonNode o, String at, Map<String, JsonNode> scos, Set<String> ids, Set<String> listed) {
        String id = o.path("id").asString(null);
        if (id == null) {
            throw new IllegalArgumentException(at + "/id: observed-data has no id");
        }
        String where = " (" + id + ")";
        StixTimestamp first = timestamp(o, "first_observed", at, where);
        StixTimestamp last = timestamp(o, "last_observed", at, where);
        if (last.isBefore(first)) {
            throw new IllegalArgumentException(at + "/last_observed" + where + ": " + last.text() + " is before first_observed "
                    + first.text());
        }
        JsonNode count = o.get("number_observed");
        if (count == null || !count.isIntegralNumber() || count.asLong() < 1 || count.asLong() > MAX_NUMBER_OBSERVED) {
            throw new IllegalArgumentException(at + "/number_observed" + where + ": must be an integer from 1 to "
                    + MAX_NUMBER_OBSERVED + (count == null ? " (missing)" : ", found " + count));
        }
        JsonNode dictionary = o.get("objects");
        JsonNode refs = o.get("object_refs");
        if (dictionary != null && refs != null) {
            throw new IllegalArgumentException(at + where + ": has both objects and object_refs; use one");
        }
        Map<String, JsonNode> objects = new LinkedHashMap<>();
        if (dictionary != null) {
            if (!dictionary.isObject()) {
                throw new IllegalArgumentException(at + "/objects" + where + ": must be a dictionary of cyber-observables");
            }
            for (Map.Entry<String, JsonNode> e : dictionary.properties()) {
                if (!e.getValue().isObject() || !e.getValue().path("type").isString()) {
                    throw new IllegalArgumentException(at + "/objects/" + pointer(e.getKey()) + where
                            + ": not a cyber-observable (no \"type\")");
                }
                objects.put(e.getKey(), e.getValue());
            }
        } else if (refs != null) {
            if (!refs.isArray()) {
                throw new IllegalArgumentException(at + "/object_refs" + where + ": must be a list of identifiers");
            }
            for (int j = 0; j < refs.size(); j++) {
                String ref = refs.get(j).asString(null);
                if (ref == null) {
                    throw new IllegalArgumentException(at + "/object_refs/" + j + where + ": not an identifier");
                }
                JsonNode sco = scos.get(ref);
                if (sco != null) {
                    objects.put(ref, sco);
                    listed.add(ref);
                } else if (!ids.contains(ref)) {
                    throw new IllegalArgumentException(at + "/object_refs/" + j + where + ": " + ref + " is not in the bundle");
                }
            }
        } else {
            throw new IllegalArgumentException(at + where + ": observed-data has neither object_refs nor objects");
        }
        if (objects.isEmpty()) {
            throw new IllegalArgumentException(at + where + ": observed-data observes no cyber-observable");
        }
        return new Observation(id, first.instant(), last.instant(), count.asInt(), objects);
    }

    private static StixTimestamp timestamp(JsonNode o, String name, String at, String where) {
        JsonNode v = o.get(name);
        return StixTimestamp.tryParse(v == null || !v.isString() ? null : v.asString()).orElseThrow(() ->
                new IllegalArgumentException(at + "/" + name + where + ": "
                        + (v == null ? "missing" : "not a STIX timestamp: " + v)));
    }

    /** The SCO and every SCO it reaches through *_ref / *_refs, by id. */
    private static Map<String, JsonNode> reachable(JsonNode start, Map<String, JsonNode> scos) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        Deque<JsonNode> todo = new ArrayDeque<>();
        out.put(start.path("id").asString(), start);
        todo.add(start);
        while (!todo.isEmpty()) {
            collectRefs(todo.poll(), null, scos, out, todo);
        }
        return out;
    }

    private static void collectRefs(JsonNode node, String name, Map<String, JsonNode> scos, Map<String, JsonNode> out,
                                    Deque<JsonNode> todo) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                collectRefs(e.getValue(), e.getKey(), scos, out, todo);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collectRefs(element, name, scos, out, todo);
            }
        } else if (node.isString() && name != null && (name.endsWith("_ref") || name.endsWith("_refs"))) {
            JsonNode target = scos.get(node.asString());
            if (target != null && out.putIfAbsent(node.asString(), target) == null) {
                todo.add(target);
            }
        }
    }

    private static String pointer(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
