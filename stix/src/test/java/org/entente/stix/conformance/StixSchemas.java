package org.entente.stix.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates STIX objects against the official OASIS STIX 2.1 JSON schemas (cti-stix2-json-schemas,
 * draft 2020-12), read from a local directory with the upstream layout ({@code common/},
 * {@code sdos/}, {@code sros/}, {@code observables/}).
 *
 * <p><b>How references resolve without a network.</b> Every schema file declares an absolute {@code $id}
 * such as {@code http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/sdos/tool.json}
 * and refers to the others relatively ({@code "$ref": "../common/core.json"}, once
 * {@code "granular-marking.json"}), plus local fragments ({@code #/definitions/...}). A relative
 * {@code $ref} resolves against the {@code $id} of the file it is in, so registering every file's content
 * under its own {@code $id} makes all references resolve to local text. Remote fetching is switched off
 * explicitly: a reference to anything not registered fails instead of reaching out. The 2020-12
 * meta-schema ships inside the validator jar.
 *
 * <p><b>Choice of schema.</b> By the object's {@code type}: each SDO, SRO and SCO has its own file
 * named after its type; {@code marking-definition}, {@code language-content},
 * {@code extension-definition} and {@code bundle} live in {@code common/}. Any other type (a custom object
 * such as {@code x-mitre-tactic}) is checked against {@code common/core.json} only. Deliberately not the
 * bundle schema's item rule: its {@code oneOf(core, cyber-observable-core)} for custom objects rejects any
 * custom object with {@code created}/{@code modified}, since such an object satisfies both branches.
 *
 * <p>Schemas are compiled once on construction and shared; instances are immutable and thread-safe.
 * {@link #official()} caches one instance for the whole test JVM.
 */
public final class StixSchemas {

    /** The {@code $id} prefix of the official schemas. */
    public static final String BASE_IRI =
            "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/";

    private static final Set<String> COMMON_OBJECT_SCHEMAS =
            Set.of("marking-definition", "language-content", "extension-definition", "bundle");

    private static final List<String> TYPED_DIRECTORIES = List.of("sdos", "sros", "observables");

    private static final JsonMapper PLAIN = JsonMapper.builder().build();

    private static volatile Optional<StixSchemas> official;

    private final Map<String, Schema> byType;
    private final Schema core;

    private StixSchemas(Map<String, Schema> byType, Schema core) {
        this.byType = Map.copyOf(byType);
        this.core = core;
    }

    /**
     * The official schemas from the shared material ({@code stix/schemas}), compiled once per JVM, or
     * empty when the shared material is absent.
     */
    public static Optional<StixSchemas> official() {
        Optional<StixSchemas> result = official;
        if (result == null) {
            synchronized (StixSchemas.class) {
                result = official;
                if (result == null) {
                    result = SharedMaterial.find("stix/schemas").map(StixSchemas::load);
                    official = result;
                }
            }
        }
        return result;
    }

    /** The official schemas; skips the calling test when the shared material is absent. */
    public static StixSchemas requireOfficial() {
        SharedMaterial.require("stix/schemas");
        return official().orElseThrow();
    }

    /** Loads and compiles every schema below {@code dir}. */
    public static StixSchemas load(Path dir) {
        Map<String, String> textById = new HashMap<>();
        Map<String, String> idByType = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode tree = PLAIN.readTree(file.toFile());
                if (!(tree instanceof ObjectNode schema)) {
                    continue;
                }
                String relative = dir.relativize(file).toString().replace('\\', '/');
                String id = schema.path("$id").stringValue(BASE_IRI + relative);
                if (relative.equals("sdos/location.json")) {
                    repairLocationRegionEnum(schema);
                }
                textById.put(id, PLAIN.writeValueAsString(schema));

                String folder = relative.contains("/") ? relative.substring(0, relative.indexOf('/')) : "";
                String name = file.getFileName().toString().replaceFirst("\\.json$", "");
                if (TYPED_DIRECTORIES.contains(folder)
                        || (folder.equals("common") && COMMON_OBJECT_SCHEMAS.contains(name))) {
                    idByType.put(name, id);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read STIX schemas from " + dir, e);
        }
        String coreId = BASE_IRI + "common/core.json";
        if (!textById.containsKey(coreId)) {
            throw new IllegalArgumentException("no common/core.json with $id " + coreId + " under " + dir);
        }

        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder
                        .schemas(textById)
                        .schemaLoader(loader -> loader.fetchRemoteResources(false)));

        Map<String, Schema> byType = new HashMap<>();
        idByType.forEach((type, id) -> byType.put(type, compile(registry, id)));
        return new StixSchemas(byType, compile(registry, coreId));
    }

    private static Schema compile(SchemaRegistry registry, String id) {
        Schema schema = registry.getSchema(SchemaLocation.of(id));
        schema.initializeValidators(); // resolve every $ref now, not on the first object validated
        return schema;
    }

    /**
     * Known defects of the official {@code sdos/location.json}, repaired in memory: in
     * {@code definitions/region-ov} a missing comma between string literals merged vocabulary values, so
     * the file holds {@code "central-america northern-america"} and {@code "europe eastern-europe"} instead
     * of four separate values; and {@code south-eastern-asia} is missing altogether. Merged entries are
     * split back into their parts and the missing value is added, so the enum equals the spec's region-ov
     * vocabulary (section 10.21, 29 values). Upstream the property {@code region} itself is a plain string
     * that does not reference this definition, so the repair matters only to a schema that does.
     */
    static void repairLocationRegionEnum(ObjectNode locationSchema) {
        JsonNode values = locationSchema.path("definitions").path("region-ov").path("enum");
        if (!(values instanceof ArrayNode array)) {
            return;
        }
        Set<String> repaired = new LinkedHashSet<>();
        for (JsonNode v : array) {
            for (String part : v.stringValue("").trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    repaired.add(part);
                }
            }
        }
        repaired.add("south-eastern-asia");
        array.removeAll();
        repaired.forEach(array::add);
    }

    /** The types that have their own schema (all others are checked against the core schema only). */
    public Set<String> typesWithSchema() {
        return byType.keySet();
    }

    /**
     * Validates one STIX object (or a bundle) against the schema for its {@code type}. Returns one message
     * per failed assertion, each starting with the JSON pointer of the offending value ({@code (object)}
     * for the object itself) and ending with the failing schema path; empty when valid.
     */
    public List<String> validate(JsonNode object) {
        if (object == null || !object.isObject()) {
            return List.of("(object): a STIX object must be a JSON object");
        }
        JsonNode type = object.get("type");
        if (type == null || !type.isString()) {
            return List.of("(object): required property 'type' missing or not a string");
        }
        Schema schema = byType.getOrDefault(type.stringValue(), core);
        List<Error> errors = schema.validate(object);
        if (errors.isEmpty()) {
            return List.of();
        }
        List<String> messages = new ArrayList<>(errors.size());
        for (Error e : errors) {
            String where = e.getInstanceLocation().toString();
            messages.add((where.isEmpty() ? "(object)" : where) + ": " + e.getMessage()
                    + " [schema " + e.getEvaluationPath() + "]");
        }
        return messages;
    }

    /** Whether {@link #validate} finds nothing wrong. */
    public boolean isValid(JsonNode object) {
        return validate(object).isEmpty();
    }
}
