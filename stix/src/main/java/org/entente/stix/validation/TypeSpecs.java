package org.entente.stix.validation;

import static org.entente.stix.validation.Constraints.atLeastOne;
import static org.entente.stix.validation.Constraints.exactlyOne;
import static org.entente.stix.validation.Constraints.order;
import static org.entente.stix.validation.Constraints.requires;
import static org.entente.stix.validation.VType.ANY;
import static org.entente.stix.validation.VType.BINARY;
import static org.entente.stix.validation.VType.BOOLEAN;
import static org.entente.stix.validation.VType.FLOAT;
import static org.entente.stix.validation.VType.HASHES;
import static org.entente.stix.validation.VType.HEX;
import static org.entente.stix.validation.VType.INTEGER;
import static org.entente.stix.validation.VType.INT_OR_STRING;
import static org.entente.stix.validation.VType.LANGUAGE_TAG;
import static org.entente.stix.validation.VType.NON_NEGATIVE;
import static org.entente.stix.validation.VType.STRING;
import static org.entente.stix.validation.VType.TIMESTAMP;
import static org.entente.stix.validation.VType.dict;
import static org.entente.stix.validation.VType.integer;
import static org.entente.stix.validation.VType.list;
import static org.entente.stix.validation.VType.number;
import static org.entente.stix.validation.VType.obj;
import static org.entente.stix.validation.VType.ref;
import static org.entente.stix.validation.VType.refs;
import static org.entente.stix.validation.VType.vocab;
import static org.entente.stix.validation.VType.vocabs;
import static org.entente.stix.validation.Vocabularies.ACCOUNT_TYPE;
import static org.entente.stix.validation.Vocabularies.ATTACK_MOTIVATION;
import static org.entente.stix.validation.Vocabularies.ATTACK_RESOURCE_LEVEL;
import static org.entente.stix.validation.Vocabularies.ENCRYPTION_ALGORITHM;
import static org.entente.stix.validation.Vocabularies.EXTENSION_TYPE;
import static org.entente.stix.validation.Vocabularies.GROUPING_CONTEXT;
import static org.entente.stix.validation.Vocabularies.IDENTITY_CLASS;
import static org.entente.stix.validation.Vocabularies.IMPLEMENTATION_LANGUAGE;
import static org.entente.stix.validation.Vocabularies.INDICATOR_TYPE;
import static org.entente.stix.validation.Vocabularies.INDUSTRY_SECTOR;
import static org.entente.stix.validation.Vocabularies.INFRASTRUCTURE_TYPE;
import static org.entente.stix.validation.Vocabularies.MALWARE_CAPABILITIES;
import static org.entente.stix.validation.Vocabularies.MALWARE_RESULT;
import static org.entente.stix.validation.Vocabularies.MALWARE_TYPE;
import static org.entente.stix.validation.Vocabularies.NETWORK_SOCKET_ADDRESS_FAMILY;
import static org.entente.stix.validation.Vocabularies.NETWORK_SOCKET_TYPE;
import static org.entente.stix.validation.Vocabularies.OPINION;
import static org.entente.stix.validation.Vocabularies.PATTERN_TYPE;
import static org.entente.stix.validation.Vocabularies.PROCESSOR_ARCHITECTURE;
import static org.entente.stix.validation.Vocabularies.REGION;
import static org.entente.stix.validation.Vocabularies.REPORT_TYPE;
import static org.entente.stix.validation.Vocabularies.THREAT_ACTOR_ROLE;
import static org.entente.stix.validation.Vocabularies.THREAT_ACTOR_SOPHISTICATION;
import static org.entente.stix.validation.Vocabularies.THREAT_ACTOR_TYPE;
import static org.entente.stix.validation.Vocabularies.TOOL_TYPE;
import static org.entente.stix.validation.Vocabularies.WINDOWS_INTEGRITY_LEVEL;
import static org.entente.stix.validation.Vocabularies.WINDOWS_PEBINARY_TYPE;
import static org.entente.stix.validation.Vocabularies.WINDOWS_REGISTRY_DATATYPE;
import static org.entente.stix.validation.Vocabularies.WINDOWS_SERVICE_START_TYPE;
import static org.entente.stix.validation.Vocabularies.WINDOWS_SERVICE_STATUS;
import static org.entente.stix.validation.Vocabularies.WINDOWS_SERVICE_TYPE;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import org.entente.stix.ObjectKind;

import tools.jackson.databind.JsonNode;

/**
 * The per-type tables of chapters 4 to 7: for every object type STIX 2.1 defines, its properties with
 * their value types and whether they are required, the types its references may point to, its
 * cross-property rules, its predefined extensions and, for cyber-observables, its ID contributing
 * properties. Section numbers in comments refer to the specification.
 */
final class TypeSpecs {

    private TypeSpecs() {
    }

    private static final VType KILL_CHAIN_PHASES = list(obj(CommonRules.KILL_CHAIN_PHASE));
    private static final VType STRINGS = list(STRING);
    private static final VType PORT = integer(0, 65_535);

    private static final Map<String, TypeSpec> SPECS = new HashMap<>();
    private static NameTable<TypeSpec> table;
    private static final Map<ObjectKind, TypeSpec> CUSTOM = new EnumMap<>(ObjectKind.class);

    /** The spec of a STIX-defined type, or null for a custom type. */
    static TypeSpec of(String type) {
        return table.get(type);
    }

    /** The stand-in spec for a custom type of the given (declared) kind: only common properties. */
    static TypeSpec custom(ObjectKind kind) {
        return CUSTOM.get(kind);
    }

    private static void add(TypeSpec.Builder b) {
        TypeSpec s = b.build();
        SPECS.put(s.type(), s);
    }

    private static TypeSpec.Builder sdo(String type) {
        return TypeSpec.builder(type, ObjectKind.DOMAIN);
    }

    private static TypeSpec.Builder sco(String type) {
        return TypeSpec.builder(type, ObjectKind.OBSERVABLE);
    }

    // ---------------------------------------------------------------- chapter 4

    private static void domainObjects() {
        // 4.1
        add(sdo("attack-pattern")
                .req("name", STRING)
                .opt("description", STRING)
                .opt("aliases", STRINGS)
                .opt("kill_chain_phases", KILL_CHAIN_PHASES));
        // 4.2
        add(sdo("campaign")
                .req("name", STRING)
                .opt("description", STRING)
                .opt("aliases", STRINGS)
                .opt("first_seen", TIMESTAMP)
                .opt("last_seen", TIMESTAMP)
                .opt("objective", STRING)
                .check(order("first_seen", "last_seen", false)));
        // 4.3 (action is RESERVED, and reserved everywhere by section 3.8)
        add(sdo("course-of-action")
                .req("name", STRING)
                .opt("description", STRING)
                .reserved("action"));
        // 4.4 — name is "(required)" in the specification text; the OASIS JSON schema makes it optional.
        add(sdo("grouping")
                .req("name", STRING)
                .opt("description", STRING)
                .req("context", vocab(GROUPING_CONTEXT))
                .req("object_refs", refs(Targets.ANY)));
        // 4.5
        add(sdo("identity")
                .req("name", STRING)
                .opt("description", STRING)
                .opt("roles", STRINGS)
                .opt("identity_class", vocab(IDENTITY_CLASS))
                .opt("sectors", vocabs(INDUSTRY_SECTOR))
                .opt("contact_information", STRING));
        // 4.6
        add(sdo("incident")
                .req("name", STRING)
                .opt("description", STRING));
        // 4.7
        add(sdo("indicator")
                .opt("name", STRING)
                .opt("description", STRING)
                .opt("indicator_types", vocabs(INDICATOR_TYPE))
                .req("pattern", STRING)
                .req("pattern_type", vocab(PATTERN_TYPE))
                .opt("pattern_version", STRING)
                .req("valid_from", TIMESTAMP)
                .opt("valid_until", TIMESTAMP)
                .opt("kill_chain_phases", KILL_CHAIN_PHASES)
                .check(order("valid_from", "valid_until", true)));
        // 4.8
        add(sdo("infrastructure")
                .req("name", STRING)
                .opt("description", STRING)
                .opt("infrastructure_types", vocabs(INFRASTRUCTURE_TYPE))
                .opt("aliases", STRINGS)
                .opt("kill_chain_phases", KILL_CHAIN_PHASES)
                .opt("first_seen", TIMESTAMP)
                .opt("last_seen", TIMESTAMP)
                .check(order("first_seen", "last_seen", false)));
        // 4.9
        add(sdo("intrusion-set")
                .req("name", STRING)
                .opt("description", STRING)
                .opt("aliases", STRINGS)
                .opt("first_seen", TIMESTAMP)
                .opt("last_seen", TIMESTAMP)
                .opt("goals", STRINGS)
                .opt("resource_level", vocab(ATTACK_RESOURCE_LEVEL))
                .opt("primary_motivation", vocab(ATTACK_MOTIVATION))
                .opt("secondary_motivations", vocabs(ATTACK_MOTIVATION))
                .check(order("first_seen", "last_seen", false)));
        // 4.10
        add(sdo("location")
                .opt("name", STRING)
                .opt("description", STRING)
                .opt("latitude", number(-90.0, 90.0))
                .opt("longitude", number(-180.0, 180.0))
                .opt("precision", FLOAT)
                .opt("region", vocab(REGION))
                .opt("country", STRING)
                .opt("administrative_area", STRING)
                .opt("city", STRING)
                .opt("street_address", STRING)
                .opt("postal_code", STRING)
                .check(TypeSpecs::locationIsDescribed)
                .check(requires("latitude", "longitude"))
                .check(requires("longitude", "latitude"))
                .check(requires("precision", "latitude"))
                .check(requires("precision", "longitude")));
        // 4.11 — is_family is required as in STIX 2.1 OS and the OASIS JSON schema (malware.json), although
        // the specification text shipped in shared/specs marks it "(optional)".
        add(sdo("malware")
                .opt("name", STRING)
                .opt("description", STRING)
                .opt("malware_types", vocabs(MALWARE_TYPE))
                .req("is_family", BOOLEAN)
                .opt("aliases", STRINGS)
                .opt("kill_chain_phases", KILL_CHAIN_PHASES)
                .opt("first_seen", TIMESTAMP)
                .opt("last_seen", TIMESTAMP)
                .opt("operating_system_refs", refs("software"))
                .opt("architecture_execution_envs", vocabs(PROCESSOR_ARCHITECTURE))
                .opt("implementation_languages", vocabs(IMPLEMENTATION_LANGUAGE))
                .opt("capabilities", vocabs(MALWARE_CAPABILITIES))
                .opt("sample_refs", refs("file", "artifact"))
                .check(order("first_seen", "last_seen", false))
                .check(TypeSpecs::malwareFamilyIsNamed));
        // 4.12
        add(sdo("malware-analysis")
                .req("product", STRING)
                .opt("version", STRING)
                .opt("host_vm_ref", ref("software"))
                .opt("operating_system_ref", ref("software"))
                .opt("installed_software_refs", refs("software"))
                .opt("configuration_version", STRING)
                .opt("modules", STRINGS)
                .opt("analysis_engine_version", STRING)
                .opt("analysis_definition_version", STRING)
                .opt("submitted", TIMESTAMP)
                .opt("analysis_started", TIMESTAMP)
                .opt("analysis_ended", TIMESTAMP)
                .opt("result_name", STRING)
                .opt("result", vocab(MALWARE_RESULT))
                .opt("analysis_sco_refs", refs(Targets.ANY))
                .opt("sample_ref", ref("file", "network-traffic", "artifact"))
                .check(atLeastOne("result", "analysis_sco_refs")));
        // 4.13
        add(sdo("note")
                .opt("abstract", STRING)
                .req("content", STRING)
                .opt("authors", STRINGS)
                .req("object_refs", refs(Targets.ANY)));
        // 4.14
        add(sdo("observed-data")
                .req("first_observed", TIMESTAMP)
                .req("last_observed", TIMESTAMP)
                .req("number_observed", integer(1, 999_999_999))
                .opt("objects", VType.special(TypeSpecs::observableContainer))
                .opt("object_refs", refs(Targets.SCO_OR_SRO))
                .check(order("first_observed", "last_observed", false))
                .check(exactlyOne("object_refs", "objects"))
                .check(TypeSpecs::observedDataHasAnObservable));
        // 4.15
        add(sdo("opinion")
                .opt("explanation", STRING)
                .opt("authors", STRINGS)
                .req("opinion", vocab(OPINION))
                .req("object_refs", refs(Targets.ANY)));
        // 4.16
        add(sdo("report")
                .req("name", STRING)
                .opt("description", STRING)
                .opt("report_types", vocabs(REPORT_TYPE))
                .req("published", TIMESTAMP)
                .req("object_refs", refs(Targets.ANY)));
        // 4.17
        add(sdo("threat-actor")
                .req("name", STRING)
                .opt("description", STRING)
                .opt("threat_actor_types", vocabs(THREAT_ACTOR_TYPE))
                .opt("aliases", STRINGS)
                .opt("first_seen", TIMESTAMP)
                .opt("last_seen", TIMESTAMP)
                .opt("roles", vocabs(THREAT_ACTOR_ROLE))
                .opt("goals", STRINGS)
                .opt("sophistication", vocab(THREAT_ACTOR_SOPHISTICATION))
                .opt("resource_level", vocab(ATTACK_RESOURCE_LEVEL))
                .opt("primary_motivation", vocab(ATTACK_MOTIVATION))
                .opt("secondary_motivations", vocabs(ATTACK_MOTIVATION))
                .opt("personal_motivations", vocabs(ATTACK_MOTIVATION))
                .check(order("first_seen", "last_seen", false)));
        // 4.18
        add(sdo("tool")
                .req("name", STRING)
                .opt("description", STRING)
                .opt("tool_types", vocabs(TOOL_TYPE))
                .opt("aliases", STRINGS)
                .opt("kill_chain_phases", KILL_CHAIN_PHASES)
                .opt("tool_version", STRING));
        // 4.19
        add(sdo("vulnerability")
                .req("name", STRING)
                .opt("description", STRING));
    }

    /** Section 4.10: at least one of region, country, or latitude and longitude. */
    private static void locationIsDescribed(Check c, JsonNode o, Loc at) {
        if (!o.has("region") && !o.has("country") && !(o.has("latitude") && o.has("longitude"))) {
            c.error(Rule.AT_LEAST_ONE_OF, at, "a location must have at least one of 'region', 'country', or"
                    + " 'latitude' and 'longitude'");
        }
    }

    /** Section 4.11: "For a malware family the name MUST be defined." */
    private static void malwareFamilyIsNamed(Check c, JsonNode o, Loc at) {
        JsonNode family = o.get("is_family");
        if (family != null && family.isBoolean() && family.booleanValue() && !o.has("name")) {
            c.error(Rule.REQUIRED_PROPERTY, at.child("name"), "required property 'name' is missing: a malware family"
                    + " (is_family true) must be named");
        }
    }

    /** Section 4.14: "The object_refs MUST contain at least one SCO reference if defined." */
    private static void observedDataHasAnObservable(Check c, JsonNode o, Loc at) {
        JsonNode refs = o.get("object_refs");
        if (refs == null || !refs.isArray() || refs.isEmpty()) {
            return;
        }
        for (JsonNode r : refs) {
            if (!r.isString()) {
                return;
            }
            String id = r.stringValue();
            int sep = Ids.separator(id);
            if (sep < 0) {
                return; // reported as a malformed reference already
            }
            ObjectKind kind = org.entente.stix.StixTypes.kindOf(id.substring(0, sep));
            if (kind == ObjectKind.OBSERVABLE || kind == ObjectKind.CUSTOM) {
                return;
            }
        }
        c.error(Rule.REFERENCE_TYPE, at.child("object_refs"), "'object_refs' of observed-data must contain at least"
                + " one reference to an SCO");
    }

    /** The deprecated observable container of section 2.13: a dictionary of cyber-observable objects. */
    private static void observableContainer(Check c, String property, JsonNode v, Loc at) {
        if (!v.isObject()) {
            c.typeError(property, "a dictionary of cyber-observable objects", v, at);
            return;
        }
        if (v.isEmpty()) {
            c.error(Rule.EMPTY_DICTIONARY, at, "'objects' must contain at least one object");
            return;
        }
        c.warning(Rule.DEPRECATED, at, "'objects' (observable container) is deprecated; use 'object_refs' to"
                + " reference top-level SCOs");
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            JsonNode sco = e.getValue();
            Loc k = at.child(e.getKey());
            if (!sco.isObject()) {
                c.typeError(property, "a dictionary of cyber-observable objects", sco, k);
            } else if (sco.get("type") == null || !sco.get("type").isString()) {
                c.error(Rule.REQUIRED_PROPERTY, k.child("type"), "every object of an observable container needs a 'type'");
            }
        }
    }

    // ---------------------------------------------------------------- chapter 5

    private static void relationshipObjects() {
        // 5.1
        add(TypeSpec.builder("relationship", ObjectKind.RELATIONSHIP)
                .req("relationship_type", VType.special(TypeSpecs::relationshipType))
                .opt("description", STRING)
                .req("source_ref", ref(Targets.SDO_OR_SCO))
                .req("target_ref", ref(Targets.SDO_OR_SCO))
                .opt("start_time", TIMESTAMP)
                .opt("stop_time", TIMESTAMP)
                .check(order("start_time", "stop_time", true)));
        // 5.2
        add(TypeSpec.builder("sighting", ObjectKind.RELATIONSHIP)
                .opt("description", STRING)
                .opt("first_seen", TIMESTAMP)
                .opt("last_seen", TIMESTAMP)
                .opt("count", integer(0, 999_999_999))
                .req("sighting_of_ref", ref(Targets.SDO))
                .opt("observed_data_refs", refs("observed-data"))
                .opt("where_sighted_refs", refs("identity", "location"))
                .opt("summary", BOOLEAN)
                .check(order("first_seen", "last_seen", false)));
    }

    /** Section 5.1: ASCII a-z, 0-9 and hyphen. */
    private static void relationshipType(Check c, String property, JsonNode v, Loc at) {
        if (!v.isString()) {
            c.typeError(property, "a string", v, at);
            return;
        }
        String s = v.stringValue();
        boolean ok = !s.isEmpty();
        for (int i = 0; ok && i < s.length(); i++) {
            char ch = s.charAt(i);
            ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
        }
        if (!ok) {
            c.error(Rule.VALUE_FORMAT, at, "'relationship_type' may only contain lowercase a-z, 0-9 and hyphens, not '"
                    + s + "'");
        }
    }

    // ---------------------------------------------------------------- chapter 6

    private static final Struct ALTERNATE_DATA_STREAM = Struct.builder("alternate data stream", Rule.REQUIRED_PROPERTY)
            .req("name", STRING)
            .opt("hashes", HASHES)
            .opt("size", NON_NEGATIVE)
            .build();

    private static final Struct PE_OPTIONAL_HEADER = Struct.builder("Windows PE optional header", Rule.REQUIRED_PROPERTY)
            .opt("magic_hex", HEX)
            .opt("major_linker_version", INTEGER)
            .opt("minor_linker_version", INTEGER)
            .opt("size_of_code", NON_NEGATIVE)
            .opt("size_of_initialized_data", NON_NEGATIVE)
            .opt("size_of_uninitialized_data", NON_NEGATIVE)
            .opt("address_of_entry_point", INTEGER)
            .opt("base_of_code", INTEGER)
            .opt("base_of_data", INTEGER)
            .opt("image_base", INTEGER)
            .opt("section_alignment", INTEGER)
            .opt("file_alignment", INTEGER)
            .opt("major_os_version", INTEGER)
            .opt("minor_os_version", INTEGER)
            .opt("major_image_version", INTEGER)
            .opt("minor_image_version", INTEGER)
            .opt("major_subsystem_version", INTEGER)
            .opt("minor_subsystem_version", INTEGER)
            .opt("win32_version_value_hex", HEX)
            .opt("size_of_image", NON_NEGATIVE)
            .opt("size_of_headers", NON_NEGATIVE)
            .opt("checksum_hex", HEX)
            .opt("subsystem_hex", HEX)
            .opt("dll_characteristics_hex", HEX)
            .opt("size_of_stack_reserve", NON_NEGATIVE)
            .opt("size_of_stack_commit", NON_NEGATIVE)
            .opt("size_of_heap_reserve", NON_NEGATIVE)
            .opt("size_of_heap_commit", NON_NEGATIVE)
            .opt("loader_flags_hex", HEX)
            .opt("number_of_rva_and_sizes", INTEGER)
            .opt("hashes", HASHES)
            .atLeastOneProperty()
            .build();

    private static final Struct PE_SECTION = Struct.builder("Windows PE section", Rule.REQUIRED_PROPERTY)
            .req("name", STRING)
            .opt("size", NON_NEGATIVE)
            .opt("entropy", FLOAT)
            .opt("hashes", HASHES)
            .build();

    private static final Struct EMAIL_MIME_PART = Struct.builder("email MIME part", Rule.REQUIRED_PROPERTY)
            .opt("body", STRING)
            .opt("body_raw_ref", ref("artifact", "file"))
            .opt("content_type", STRING)
            .opt("content_disposition", STRING)
            .check(atLeastOne("body", "body_raw_ref"))
            .build();

    private static final Struct REGISTRY_VALUE = Struct.builder("Windows registry value", Rule.REQUIRED_PROPERTY)
            .opt("name", STRING)
            .opt("data", STRING)
            .opt("data_type", vocab(WINDOWS_REGISTRY_DATATYPE))
            .atLeastOneProperty()
            .build();

    private static final Struct X509_V3_EXTENSIONS = Struct.builder("X.509 v3 extensions", Rule.REQUIRED_PROPERTY)
            .opt("basic_constraints", STRING)
            .opt("name_constraints", STRING)
            .opt("policy_constraints", STRING)
            .opt("key_usage", STRING)
            .opt("extended_key_usage", STRING)
            .opt("subject_key_identifier", STRING)
            .opt("authority_key_identifier", STRING)
            .opt("subject_alternative_name", STRING)
            .opt("issuer_alternative_name", STRING)
            .opt("subject_directory_attributes", STRING)
            .opt("crl_distribution_points", STRING)
            .opt("inhibit_any_policy", STRING)
            .opt("private_key_usage_period_not_before", TIMESTAMP)
            .opt("private_key_usage_period_not_after", TIMESTAMP)
            .opt("certificate_policies", STRING)
            .opt("policy_mappings", STRING)
            .atLeastOneProperty()
            .build();

    private static Struct.Builder extension(String name) {
        return Struct.builder(name, Rule.REQUIRED_PROPERTY);
    }

    private static void observableObjects() {
        // 6.1
        add(sco("artifact")
                .idContributing("hashes", "payload_bin")
                .opt("mime_type", STRING)
                .opt("payload_bin", BINARY)
                .opt("url", STRING)
                .opt("hashes", HASHES)
                .opt("encryption_algorithm", vocab(ENCRYPTION_ALGORITHM))
                .opt("decryption_key", STRING)
                .check(exactlyOne("payload_bin", "url"))
                .check(requires("url", "hashes"))
                .check(requires("decryption_key", "encryption_algorithm")));
        // 6.2
        add(sco("autonomous-system")
                .idContributing("number")
                .req("number", INTEGER)
                .opt("name", STRING)
                .opt("rir", STRING));
        // 6.3
        add(sco("directory")
                .idContributing("path")
                .req("path", STRING)
                .opt("path_enc", STRING)
                .opt("ctime", TIMESTAMP)
                .opt("mtime", TIMESTAMP)
                .opt("atime", TIMESTAMP)
                .opt("contains_refs", refs("file", "directory")));
        // 6.4
        add(sco("domain-name")
                .idContributing("value")
                .req("value", STRING)
                .opt("resolves_to_refs", refs("ipv4-addr", "ipv6-addr", "domain-name")));
        // 6.5
        add(sco("email-addr")
                .idContributing("value")
                .req("value", STRING)
                .opt("display_name", STRING)
                .opt("belongs_to_ref", ref("user-account")));
        // 6.6
        add(sco("email-message")
                .idContributing("from_ref", "subject", "body")
                .req("is_multipart", BOOLEAN)
                .opt("date", TIMESTAMP)
                .opt("content_type", STRING)
                .opt("from_ref", ref("email-addr"))
                .opt("sender_ref", ref("email-addr"))
                .opt("to_refs", refs("email-addr"))
                .opt("cc_refs", refs("email-addr"))
                .opt("bcc_refs", refs("email-addr"))
                .opt("message_id", STRING)
                .opt("subject", STRING)
                .opt("received_lines", STRINGS)
                .opt("additional_header_fields", dict(STRINGS))
                .opt("body", STRING)
                .opt("body_multipart", list(obj(EMAIL_MIME_PART)))
                .opt("raw_email_ref", ref("artifact"))
                .check(TypeSpecs::emailBodyMatchesMultipart));
        // 6.7
        add(sco("file")
                .idContributing("hashes", "name", "extensions", "parent_directory_ref")
                .opt("hashes", HASHES)
                .opt("size", NON_NEGATIVE)
                .opt("name", STRING)
                .opt("name_enc", STRING)
                .opt("magic_number_hex", HEX)
                .opt("mime_type", STRING)
                .opt("ctime", TIMESTAMP)
                .opt("mtime", TIMESTAMP)
                .opt("atime", TIMESTAMP)
                .opt("parent_directory_ref", ref("directory"))
                .opt("contains_refs", refs(Targets.SCO))
                .opt("content_ref", ref("artifact"))
                .check(atLeastOne("hashes", "name"))
                .check(requires("name_enc", "name"))
                .extension("archive-ext", extension("archive file extension")
                        .req("contains_refs", refs("file", "directory"))
                        .opt("comment", STRING)
                        .build())
                .extension("ntfs-ext", extension("NTFS file extension")
                        .opt("sid", STRING)
                        .opt("alternate_data_streams", list(obj(ALTERNATE_DATA_STREAM)))
                        .atLeastOneProperty()
                        .build())
                .extension("pdf-ext", extension("PDF file extension")
                        .opt("version", STRING)
                        .opt("is_optimized", BOOLEAN)
                        .opt("document_info_dict", dict(STRING))
                        .opt("pdfid0", STRING)
                        .opt("pdfid1", STRING)
                        .atLeastOneProperty()
                        .build())
                .extension("raster-image-ext", extension("raster image file extension")
                        .opt("image_height", INTEGER)
                        .opt("image_width", INTEGER)
                        .opt("bits_per_pixel", INTEGER)
                        .opt("exif_tags", dict(INT_OR_STRING))
                        .atLeastOneProperty()
                        .build())
                .extension("windows-pebinary-ext", extension("Windows PE binary file extension")
                        .req("pe_type", vocab(WINDOWS_PEBINARY_TYPE))
                        .opt("imphash", STRING)
                        .opt("machine_hex", HEX)
                        .opt("number_of_sections", NON_NEGATIVE)
                        .opt("time_date_stamp", TIMESTAMP)
                        .opt("pointer_to_symbol_table_hex", HEX)
                        .opt("number_of_symbols", NON_NEGATIVE)
                        .opt("size_of_optional_header", NON_NEGATIVE)
                        .opt("characteristics_hex", HEX)
                        .opt("file_header_hashes", HASHES)
                        .opt("optional_header", obj(PE_OPTIONAL_HEADER))
                        .opt("sections", list(obj(PE_SECTION)))
                        .check(TypeSpecs::peBinaryHasMoreThanItsType)
                        .build()));
        // 6.8, 6.9
        for (String ip : new String[] {"ipv4-addr", "ipv6-addr"}) {
            add(sco(ip)
                    .idContributing("value")
                    .req("value", STRING)
                    .opt("resolves_to_refs", refs("mac-addr"))
                    .opt("belongs_to_refs", refs("autonomous-system")));
        }
        // 6.10
        add(sco("mac-addr")
                .idContributing("value")
                .req("value", VType.special(TypeSpecs::macAddress)));
        // 6.11
        add(sco("mutex")
                .idContributing("name")
                .req("name", STRING));
        // 6.12
        add(sco("network-traffic")
                .idContributing("start", "end", "src_ref", "dst_ref", "src_port", "dst_port", "protocols", "extensions")
                .opt("start", TIMESTAMP)
                .opt("end", TIMESTAMP)
                .opt("is_active", BOOLEAN)
                .opt("src_ref", ref("ipv4-addr", "ipv6-addr", "mac-addr", "domain-name"))
                .opt("dst_ref", ref("ipv4-addr", "ipv6-addr", "mac-addr", "domain-name"))
                .opt("src_port", PORT)
                .opt("dst_port", PORT)
                .req("protocols", STRINGS)
                .opt("src_byte_count", NON_NEGATIVE)
                .opt("dst_byte_count", NON_NEGATIVE)
                .opt("src_packets", NON_NEGATIVE)
                .opt("dst_packets", NON_NEGATIVE)
                .opt("ipfix", dict(INT_OR_STRING))
                .opt("src_payload_ref", ref("artifact"))
                .opt("dst_payload_ref", ref("artifact"))
                .opt("encapsulates_refs", refs("network-traffic"))
                .opt("encapsulated_by_ref", ref("network-traffic"))
                .check(atLeastOne("src_ref", "dst_ref"))
                .check(order("start", "end", false))
                .check(TypeSpecs::activeTrafficHasNoEnd)
                .extension("http-request-ext", extension("HTTP request extension")
                        .req("request_method", STRING)
                        .req("request_value", STRING)
                        .opt("request_version", STRING)
                        .opt("request_header", dict(STRINGS))
                        .opt("message_body_length", NON_NEGATIVE)
                        .opt("message_body_data_ref", ref("artifact"))
                        .build())
                .extension("icmp-ext", extension("ICMP extension")
                        .req("icmp_type_hex", HEX)
                        .req("icmp_code_hex", HEX)
                        .build())
                .extension("socket-ext", extension("network socket extension")
                        .req("address_family", vocab(NETWORK_SOCKET_ADDRESS_FAMILY))
                        .opt("is_blocking", BOOLEAN)
                        .opt("is_listening", BOOLEAN)
                        .opt("options", dict(INTEGER))
                        .opt("socket_type", vocab(NETWORK_SOCKET_TYPE))
                        .opt("socket_descriptor", NON_NEGATIVE)
                        .opt("socket_handle", INTEGER)
                        .build())
                .extension("tcp-ext", extension("TCP extension")
                        .opt("src_flags_hex", HEX)
                        .opt("dst_flags_hex", HEX)
                        .atLeastOneProperty()
                        .build()));
        // 6.13: no ID contributing properties, so a UUIDv4 must be used.
        add(sco("process")
                .idContributing()
                .atLeastOneSpecificProperty()
                .opt("is_hidden", BOOLEAN)
                .opt("pid", INTEGER)
                .opt("created_time", TIMESTAMP)
                .opt("cwd", STRING)
                .opt("command_line", STRING)
                .opt("environment_variables", dict(STRING))
                .opt("opened_connection_refs", refs("network-traffic"))
                .opt("creator_user_ref", ref("user-account"))
                .opt("image_ref", ref("file"))
                .opt("parent_ref", ref("process"))
                .opt("child_refs", refs("process"))
                .extension("windows-process-ext", extension("Windows process extension")
                        .opt("aslr_enabled", BOOLEAN)
                        .opt("dep_enabled", BOOLEAN)
                        .opt("priority", STRING)
                        .opt("owner_sid", STRING)
                        .opt("windows_title", STRING) // as section 6.13.2 spells it
                        .opt("window_title", STRING) // as the OASIS schemas and libraries spell it
                        .opt("startup_info", dict(ANY))
                        .opt("integrity_level", vocab(WINDOWS_INTEGRITY_LEVEL))
                        .atLeastOneProperty()
                        .build())
                .extension("windows-service-ext", extension("Windows service extension")
                        .opt("service_name", STRING)
                        .opt("descriptions", STRINGS)
                        .opt("display_name", STRING)
                        .opt("group_name", STRING)
                        .opt("start_type", vocab(WINDOWS_SERVICE_START_TYPE))
                        .opt("service_dll_refs", refs("file"))
                        .opt("service_type", vocab(WINDOWS_SERVICE_TYPE))
                        .opt("service_status", vocab(WINDOWS_SERVICE_STATUS))
                        .atLeastOneProperty()
                        .build()));
        // 6.14
        add(sco("software")
                .idContributing("name", "cpe", "swid", "vendor", "version")
                .req("name", STRING)
                .opt("cpe", STRING)
                .opt("swid", STRING)
                .opt("languages", list(LANGUAGE_TAG))
                .opt("vendor", STRING)
                .opt("version", STRING));
        // 6.15
        add(sco("url")
                .idContributing("value")
                .req("value", STRING));
        // 6.16
        add(sco("user-account")
                .idContributing("account_type", "user_id", "account_login")
                .atLeastOneSpecificProperty()
                .opt("user_id", STRING)
                .opt("credential", STRING)
                .opt("account_login", STRING)
                .opt("account_type", vocab(ACCOUNT_TYPE))
                .opt("display_name", STRING)
                .opt("is_service_account", BOOLEAN)
                .opt("is_privileged", BOOLEAN)
                .opt("can_escalate_privs", BOOLEAN)
                .opt("is_disabled", BOOLEAN)
                .opt("account_created", TIMESTAMP)
                .opt("account_expires", TIMESTAMP)
                .opt("credential_last_changed", TIMESTAMP)
                .opt("account_first_login", TIMESTAMP)
                .opt("account_last_login", TIMESTAMP)
                .extension("unix-account-ext", extension("UNIX account extension")
                        .opt("gid", INTEGER)
                        .opt("groups", STRINGS)
                        .opt("home_dir", STRING)
                        .opt("shell", STRING)
                        .atLeastOneProperty()
                        .build()));
        // 6.17
        add(sco("windows-registry-key")
                .idContributing("key", "values")
                .atLeastOneSpecificProperty()
                .opt("key", STRING)
                .opt("values", list(obj(REGISTRY_VALUE)))
                .opt("modified_time", TIMESTAMP)
                .opt("creator_user_ref", ref("user-account"))
                .opt("number_of_subkeys", NON_NEGATIVE));
        // 6.18
        add(sco("x509-certificate")
                .idContributing("hashes", "serial_number")
                .atLeastOneSpecificProperty()
                .opt("is_self_signed", BOOLEAN)
                .opt("hashes", HASHES)
                .opt("version", STRING)
                .opt("serial_number", STRING)
                .opt("signature_algorithm", STRING)
                .opt("issuer", STRING)
                .opt("validity_not_before", TIMESTAMP)
                .opt("validity_not_after", TIMESTAMP)
                .opt("subject", STRING)
                .opt("subject_public_key_algorithm", STRING)
                .opt("subject_public_key_modulus", STRING)
                .opt("subject_public_key_exponent", INTEGER)
                .opt("x509_v3_extensions", obj(X509_V3_EXTENSIONS)));
    }

    /** Section 6.6: body only for single-part messages, body_multipart only for multipart ones. */
    private static void emailBodyMatchesMultipart(Check c, JsonNode o, Loc at) {
        JsonNode multipart = o.get("is_multipart");
        if (multipart == null || !multipart.isBoolean()) {
            return;
        }
        if (multipart.booleanValue() && o.has("body")) {
            c.error(Rule.PROPERTY_DEPENDENCY, at.child("body"), "'body' must not be used when 'is_multipart' is true;"
                    + " use 'body_multipart'");
        } else if (!multipart.booleanValue() && o.has("body_multipart")) {
            c.error(Rule.PROPERTY_DEPENDENCY, at.child("body_multipart"), "'body_multipart' must not be used when"
                    + " 'is_multipart' is false; use 'body'");
        }
    }

    /** Section 6.7.6: at least one property other than the required pe_type. */
    private static void peBinaryHasMoreThanItsType(Check c, JsonNode ext, Loc at) {
        for (Map.Entry<String, JsonNode> e : ext.properties()) {
            if (!e.getKey().equals("pe_type") && !e.getKey().equals("extension_type")) {
                return;
            }
        }
        c.error(Rule.AT_LEAST_ONE_OF, at, "the Windows PE binary file extension must contain at least one property"
                + " other than 'pe_type'");
    }

    /** Section 6.12: if is_active is true, end must not be included. */
    private static void activeTrafficHasNoEnd(Check c, JsonNode o, Loc at) {
        JsonNode active = o.get("is_active");
        if (active != null && active.isBoolean() && active.booleanValue() && o.has("end")) {
            c.error(Rule.PROPERTY_DEPENDENCY, at.child("end"), "'end' must not be present when 'is_active' is true");
        }
    }

    /** Section 6.10: a single colon-delimited, lowercase MAC-48 address with leading zeros. */
    private static void macAddress(Check c, String property, JsonNode v, Loc at) {
        if (!v.isString()) {
            c.typeError(property, "a string", v, at);
            return;
        }
        String s = v.stringValue();
        boolean ok = s.length() == 17;
        for (int i = 0; ok && i < 17; i++) {
            char ch = s.charAt(i);
            ok = i % 3 == 2 ? ch == ':' : Ids.isLowerHex(ch);
        }
        if (!ok) {
            c.error(Rule.VALUE_FORMAT, at, "a MAC address must be a colon-delimited, lowercase MAC-48 address with"
                    + " leading zeros, e.g. 00:00:ab:cd:ef:01, not '" + s + "'");
        }
    }

    // ---------------------------------------------------------------- chapter 7

    private static void metaObjects() {
        // 7.1
        add(TypeSpec.builder("language-content", ObjectKind.LANGUAGE_CONTENT)
                .req("object_ref", ref(Targets.ANY))
                .opt("object_modified", TIMESTAMP)
                .req("contents", VType.special(TypeSpecs::languageContents)));
        // 7.2.1
        add(TypeSpec.builder("marking-definition", ObjectKind.MARKING_DEFINITION)
                .opt("name", STRING)
                .opt("definition_type", vocab(Markings.DEFINITION_TYPE))
                .opt("definition", Markings.DEFINITION)
                .check(Markings::markingDefinition));
        // 7.3
        add(TypeSpec.builder("extension-definition", ObjectKind.EXTENSION_DEFINITION)
                .req("name", STRING)
                .opt("description", STRING)
                .req("schema", STRING)
                .req("version", STRING)
                .req("extension_types", vocabs(EXTENSION_TYPE))
                .opt("extension_properties", STRINGS)
                .check(TypeSpecs::extensionPropertiesNeedTopLevelType));
    }

    /** Section 7.1.1: language codes to dictionaries mirroring the translated object's properties. */
    private static void languageContents(Check c, String property, JsonNode v, Loc at) {
        if (!v.isObject()) {
            c.typeError(property, "a dictionary from language code to translated properties", v, at);
            return;
        }
        if (v.isEmpty()) {
            c.error(Rule.EMPTY_DICTIONARY, at, "'contents' must not be an empty dictionary");
            return;
        }
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            Loc k = at.child(e.getKey());
            if (!Check.isLanguageTag(e.getKey())) {
                c.error(Rule.VALUE_FORMAT, k, "key '" + e.getKey() + "' of 'contents' must be an RFC 5646 language code");
            }
            JsonNode translation = e.getValue();
            if (!translation.isObject()) {
                c.typeError(property, "a dictionary of translated properties", translation, k);
            } else if (translation.isEmpty()) {
                c.error(Rule.EMPTY_DICTIONARY, k, "the translations for '" + e.getKey() + "' must not be empty");
            }
        }
    }

    /** Section 7.3.1: extension_properties only with toplevel-property-extension. */
    private static void extensionPropertiesNeedTopLevelType(Check c, JsonNode o, Loc at) {
        JsonNode types = o.get("extension_types");
        if (!o.has("extension_properties") || types == null || !types.isArray()) {
            return;
        }
        for (JsonNode t : types) {
            if (t.isString() && t.stringValue().equals("toplevel-property-extension")) {
                return;
            }
        }
        c.error(Rule.PROPERTY_DEPENDENCY, at.child("extension_properties"), "'extension_properties' may only be used"
                + " when 'extension_types' includes toplevel-property-extension");
    }

    // Last, so that every table above is initialised before it is used (static initialisers run in order).
    static {
        for (ObjectKind k : new ObjectKind[] {ObjectKind.DOMAIN, ObjectKind.RELATIONSHIP, ObjectKind.OBSERVABLE,
                ObjectKind.CUSTOM}) {
            CUSTOM.put(k, TypeSpec.builder(null, k).build());
        }
        domainObjects();
        relationshipObjects();
        observableObjects();
        metaObjects();
        table = new NameTable<>(SPECS);
    }
}
