package org.entente.osint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.entente.osint.analysis.Entity;
import org.entente.osint.analysis.Gazetteer;
import org.entente.stix.StixJson;
import org.entente.stix.StixTimestamp;
import org.entente.stix.Tlp;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The STIX form of an article's analysis: a {@code report} per article and, for the entities it names,
 * {@code identity} (people, organisations, the outlet) and {@code location} (countries, places) objects whose ids
 * are UUIDv5 of the entity's canonical key, so the same entity named by many articles, on any node, is one object.
 */
final class OsintStix {

    /** Namespace of Entente's OSINT entity ids (not the STIX SCO namespace, which is reserved for observables). */
    static final UUID NAMESPACE = UUID.fromString("5b0f6c1e-2f7a-4d0b-9c1e-8a3d6f4e2b71");

    /** Custom property naming the article a report stands for (also how the TAXII inbox tells our reports apart). */
    static final String ARTICLE_PROPERTY = "x_entente_osint_article";

    private static final java.util.regex.Pattern LANGUAGE_TAG = java.util.regex.Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");

    private OsintStix() {
    }

    static String stixId(String key, Entity.Kind kind) {
        return type(kind) + "--" + uuid5(key);
    }

    static String sourceId(String key) {
        return "identity--" + uuid5(key);
    }

    static String type(Entity.Kind kind) {
        return kind == Entity.Kind.COUNTRY || kind == Entity.Kind.PLACE ? "location" : "identity";
    }

    /** One version of an entity's object. */
    static ObjectNode entity(Entity e, String stixId, String created, String modified, Tlp tlp, Gazetteer gazetteer) {
        ObjectNode o = common(type(e.kind()), stixId, created, modified, tlp);
        o.put("name", e.name());
        switch (e.kind()) {
            case COUNTRY -> o.put("country", e.country().orElseThrow());
            case PLACE -> {
                e.country().ifPresent(c -> o.put("country", c));
                if (e.country().isEmpty()) {
                    o.put("region", gazetteer.region(e.key()).orElse("asia"));
                }
            }
            case ORGANISATION -> {
                o.put("identity_class", "organization");
                String acronym = e.key().substring(e.key().indexOf(':') + 1);
                o.put("description", acronym.equals(e.name()) ? "International organisation"
                        : "International organisation (" + acronym + ")");
            }
            case PERSON -> {
                o.put("identity_class", "individual");
                e.role().ifPresent(r -> o.putArray("roles").add(r));
                String of = e.country().flatMap(gazetteer::country).map(c -> " of " + c.name()).orElse("");
                e.role().ifPresent(r -> o.put("description", Character.toUpperCase(r.charAt(0)) + r.substring(1) + of));
            }
        }
        return o;
    }

    /** The outlet a page came from, as an identity. */
    static ObjectNode source(String name, String stixId, String created, String modified, Tlp tlp) {
        ObjectNode o = common("identity", stixId, created, modified, tlp);
        o.put("name", name);
        o.put("identity_class", "organization");
        o.put("description", "Open source");
        return o;
    }

    static ObjectNode report(String reportId, UUID article, String name, Optional<OffsetDateTime> published,
                             String created, String source, Optional<String> url, Optional<String> language, String text,
                             List<String> refs, Tlp tlp) {
        ObjectNode o = common("report", reportId, created, created, tlp);
        o.put("name", name);
        o.put("published", published.map(p -> StixTimestamp.of(p.toInstant()).text()).orElse(created));
        o.putArray("report_types").add("threat-report");
        String excerpt = text.length() > 1000 ? text.substring(0, 1000) + "…" : text;
        if (!excerpt.isBlank()) {
            o.put("description", excerpt);
        }
        language.filter(l -> LANGUAGE_TAG.matcher(l).matches()).ifPresent(l -> o.put("lang", l));
        ObjectNode ref = o.putArray("external_references").addObject();
        ref.put("source_name", "osint");
        ref.put("description", source);
        url.ifPresent(u -> ref.put("url", u));
        ArrayNode r = o.putArray("object_refs");
        refs.forEach(r::add);
        o.put(ARTICLE_PROPERTY, article.toString());
        return o;
    }

    private static ObjectNode common(String type, String id, String created, String modified, Tlp tlp) {
        ObjectNode o = StixJson.MAPPER.createObjectNode();
        o.put("type", type);
        o.put("spec_version", "2.1");
        o.put("id", id);
        o.put("created", created);
        o.put("modified", modified);
        o.putArray("object_marking_refs").add(tlp.markingDefinitionId());
        return o;
    }

    static String uuid5(String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            long msb = NAMESPACE.getMostSignificantBits();
            long lsb = NAMESPACE.getLeastSignificantBits();
            for (int i = 7; i >= 0; i--) {
                sha1.update((byte) (msb >>> (8 * i)));
            }
            for (int i = 7; i >= 0; i--) {
                sha1.update((byte) (lsb >>> (8 * i)));
            }
            byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (hash[i] & 0xff);
            }
            for (int i = 8; i < 16; i++) {
                lo = (lo << 8) | (hash[i] & 0xff);
            }
            return new UUID(hi, lo).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-1", e);
        }
    }
}
