package org.entente.osint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Permission;
import org.entente.intel.ImportLabel;
import org.entente.intel.ImportSummary;
import org.entente.intel.SharingRefused;
import org.entente.intel.StixStore;
import org.entente.intel.StoreUnavailableException;
import org.entente.osint.analysis.ArticleAnalyser;
import org.entente.osint.analysis.ArticleProfile;
import org.entente.osint.analysis.Claim;
import org.entente.osint.analysis.Conflict;
import org.entente.osint.analysis.Conflicts;
import org.entente.osint.analysis.Entity;
import org.entente.osint.analysis.EventGrouper;
import org.entente.osint.analysis.Fingerprint;
import org.entente.osint.analysis.Gazetteer;
import org.entente.osint.analysis.Mention;
import org.entente.osint.analysis.NearDuplicates;
import org.entente.osint.extract.ArticleExtractor;
import org.entente.osint.extract.ExtractedArticle;
import org.entente.osint.extract.UnreadableArticleException;
import org.entente.sharing.Audience;
import org.entente.sharing.SharingLabel;
import org.entente.sharing.SharingPolicy;
import org.entente.sharing.SqlFilter;
import org.entente.stix.StixJson;
import org.entente.stix.StixTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ingests open-source pages and answers what they say, each caller within their audience (docs/OSINT.md).
 *
 * <p>Ingest: the page is checked (type, size, label) and extracted, then analysed outside any lock; the rest runs in
 * one transaction under an advisory lock, so two uploads of one page cannot both be new and two event merges cannot
 * interleave: near-duplicate check against the articles the uploader can read, the STIX objects through
 * {@link StixStore#ingest} under the upload's label, the article row and its analysis, event grouping, and the
 * event's conflicts. A duplicate is a link to its original and stores no intelligence. The store commits on its own;
 * if the transaction fails after it did, the versions this attempt wrote are withdrawn again ({@link IngestFailed}).
 */
@Service
public class Osint {

    private static final Logger log = LoggerFactory.getLogger(Osint.class);

    /** The largest body accepted, and the largest a gzip body may inflate to (a gzip bomb stops there). */
    public static final int MAX_BYTES = 10 * 1024 * 1024;
    public static final int MAX_INFLATED = 20 * 1024 * 1024;
    /** The most articles a new one is compared with for event grouping (the most recent that name its topic). */
    static final int EVENT_CANDIDATES = 2_000;
    private static final long LOCK = 0x0517_0008_0000_0001L;

    private final StixStore store;
    private final SharingPolicy policy;
    private final Community community;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ArticleExtractor extractor;
    private final ArticleAnalyser analyser;
    private final Gazetteer gazetteer = Gazetteer.standard();

    Osint(StixStore store, SharingPolicy policy, Community community, JdbcClient jdbc, TransactionTemplate tx,
          ArticleExtractor extractor, ArticleAnalyser analyser) {
        this.store = store;
        this.policy = policy;
        this.community = community;
        this.jdbc = jdbc;
        this.tx = tx;
        this.extractor = extractor;
        this.analyser = analyser;
    }

    // --- ingest ----------------------------------------------------------------------------------------------

    public IngestResult ingest(Caller caller, Upload upload) {
        if (upload.source() == null || upload.source().isBlank()) {
            throw new ArticleRejected(ArticleRejected.Reason.INVALID, "source", "is required: the page's file name or URL");
        }
        if (upload.source().length() > 2048) {
            throw new ArticleRejected(ArticleRejected.Reason.INVALID, "source", "must be at most 2048 characters");
        }
        upload.url().ifPresent(Osint::requireUrl);
        SharingLabel label = new SharingLabel(caller.organisation(), caller.participant(), upload.tlp(), upload.audience());
        requireMayRelease(caller, label);
        byte[] page = page(upload.content(), upload.contentType());
        ExtractedArticle article;
        try {
            article = extractor.extract(page, upload.source());
        } catch (UnreadableArticleException e) {
            throw new ArticleRejected(ArticleRejected.Reason.INVALID, "body", "cannot be read as a page: " + e.getMessage());
        }
        if (article.text().isBlank()) {
            throw new ArticleRejected(ArticleRejected.Reason.INVALID, "body", "the page has no text to analyse");
        }
        ArticleAnalyser.Analysis analysis = analyser.analyse(upload.source(), article);
        // The versions this attempt hands to the store. The store commits them on its own (ADR 0002), before the
        // article's rows; if the transaction then fails, they are withdrawn again, so that no report is left that no
        // article stands for, and a repeated upload starts from nothing (see docs/OSINT.md, "When an ingest fails").
        Set<SentVersion> sent = new LinkedHashSet<>();
        try {
            return tx.execute(status -> {
                jdbc.sql("select pg_advisory_xact_lock(?)").param(LOCK).query((rs, n) -> 1).single();
                Optional<IngestResult.Duplicate> duplicate = duplicate(caller, analysis.fingerprint(), upload, article, label);
                if (duplicate.isPresent()) {
                    return duplicate.get();
                }
                return store(caller, upload, article, analysis, label, sent);
            });
        } catch (RuntimeException e) {
            boolean withdrawn = sent.isEmpty() || withdraw(caller, sent, e);
            if (e instanceof SharingRefused || e instanceof StoreUnavailableException) {
                throw e; // problems of their own (403, 503), true as they are now that nothing is left
            }
            log.error("OSINT ingest of {} failed after its checks{}", upload.source(),
                    sent.isEmpty() ? "" : withdrawn ? "; its STIX versions were withdrawn" : "; its STIX versions could NOT all be withdrawn", e);
            throw new IngestFailed(withdrawn, e);
        }
    }

    /** One version handed to the store by an ingest: {@code id} and its version key (what the store deletes by). */
    private record SentVersion(String id, String versionKey) {
    }

    /**
     * Deletes the versions a failed attempt wrote, as their owner (the uploader's organisation), outside any
     * transaction so that the store's {@code IntelDeleted} reaches every listener at once: streams, webhooks and
     * federation peers that were told of the versions are told they are gone, as for any owner's delete. A version
     * the store never stored is simply not found. Returns whether every delete ran.
     */
    private boolean withdraw(Caller caller, Set<SentVersion> sent, RuntimeException failure) {
        Map<String, Set<String>> byId = new LinkedHashMap<>();
        sent.forEach(v -> byId.computeIfAbsent(v.id(), k -> new LinkedHashSet<>()).add(v.versionKey()));
        boolean all = true;
        for (Map.Entry<String, Set<String>> e : byId.entrySet()) {
            try {
                store.delete(caller, org.entente.stix.StixId.parse(e.getKey()), e.getValue());
            } catch (RuntimeException withdrawal) {
                all = false;
                failure.addSuppressed(withdrawal);
                log.error("a failed OSINT ingest left {} versions {} in the store: withdrawing them failed", e.getKey(), e.getValue(), withdrawal);
            }
        }
        return all;
    }

    private static void requireUrl(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new ArticleRejected(ArticleRejected.Reason.INVALID, "url", "must be an http or https URL");
            }
        } catch (java.net.URISyntaxException e) {
            throw new ArticleRejected(ArticleRejected.Reason.INVALID, "url", "is not a valid URL");
        }
    }

    /** The audience must exist, and reaching beyond the uploader's organisation is a release (intel.publish). */
    private void requireMayRelease(Caller caller, SharingLabel label) {
        Audience audience = label.audience();
        if (audience instanceof Audience.TaskForce tf && community.taskForce(tf.taskForce()).isEmpty()) {
            throw new ArticleRejected(ArticleRejected.Reason.INVALID, "task_force", "is not a task force of this community");
        }
        if (audience instanceof Audience.Named n) {
            Set<Long> participants = new java.util.HashSet<>();
            community.participants().forEach(p -> participants.add(p.id().value()));
            Set<Long> organisations = new java.util.HashSet<>();
            community.organisations().forEach(o -> organisations.add(o.id().value()));
            if (n.participants().stream().anyMatch(p -> !participants.contains(p.value()))) {
                throw new ArticleRejected(ArticleRejected.Reason.INVALID, "participants", "names a participant that is not in this community");
            }
            if (n.organisations().stream().anyMatch(o -> !organisations.contains(o.value()))) {
                throw new ArticleRejected(ArticleRejected.Reason.INVALID, "organisations", "names an organisation that is not in this community");
            }
        }
        boolean release = policy.recipients(label).stream().anyMatch(o -> !o.equals(caller.organisation()));
        if (release && !caller.has(Permission.INTEL_PUBLISH)) {
            throw new SharingRefused("releasing outside your own organisation needs the permission intel.publish");
        }
    }

    /** The page's bytes: as sent for text/html and text/plain, inflated (bounded) for gzip. */
    static byte[] page(byte[] body, String contentType) {
        if (body.length == 0) {
            throw new ArticleRejected(ArticleRejected.Reason.INVALID, "body", "is empty: send the page's bytes");
        }
        if (body.length > MAX_BYTES) {
            throw new ArticleRejected(ArticleRejected.Reason.TOO_LARGE, "body", "is larger than " + MAX_BYTES + " bytes");
        }
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        return switch (type) {
            case "text/html", "text/plain", "application/xhtml+xml" -> body;
            case "application/gzip", "application/x-gzip" -> inflate(body);
            default -> throw new ArticleRejected(ArticleRejected.Reason.UNSUPPORTED_TYPE, "Content-Type",
                    "must be text/html, text/plain or application/gzip, not '" + (type.isEmpty() ? "(none)" : type) + "'");
        };
    }

    private static byte[] inflate(byte[] body) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(MAX_INFLATED, body.length * 4));
            byte[] buffer = new byte[16_384];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > MAX_INFLATED) {
                    throw new ArticleRejected(ArticleRejected.Reason.TOO_LARGE, "body", "inflates to more than " + MAX_INFLATED + " bytes");
                }
                out.write(buffer, 0, n);
            }
            if (out.size() == 0) {
                throw new ArticleRejected(ArticleRejected.Reason.INVALID, "body", "the gzip stream holds no page");
            }
            return out.toByteArray();
        } catch (ZipException | java.io.EOFException e) {
            throw new ArticleRejected(ArticleRejected.Reason.INVALID, "body", "is not a complete gzip stream");
        } catch (IOException e) {
            throw new ArticleRejected(ArticleRejected.Reason.INVALID, "body", "cannot be inflated");
        }
    }

    /**
     * The best near-duplicate among the articles the uploader can read (never one they cannot: the answer would
     * tell them it exists). Found: the upload is stored as a link to it, under the upload's label.
     */
    private Optional<IngestResult.Duplicate> duplicate(Caller caller, Fingerprint fingerprint, Upload upload,
                                                       ExtractedArticle article, SharingLabel label) {
        long[] bands = NearDuplicates.bands(fingerprint);
        if (bands.length == 0) {
            return Optional.empty();
        }
        SqlFilter visible = policy.filter(caller, "a.");
        record Candidate(UUID id, UUID event, byte[] fingerprint) {
        }
        List<Candidate> candidates = jdbc.sql("select a.id, a.event_id, a.fingerprint from osint_article a where a.duplicate_of is null"
                        + " and a.id in (select article_id from osint_article_band where band = any (?)) and " + visible.sql())
                .params(Labels.concat(List.of((Object) java.util.Arrays.stream(bands).boxed().toArray(Long[]::new)), visible.params()))
                .query((rs, n) -> new Candidate(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getBytes(3))).list();
        Candidate best = null;
        double bestContainment = 0;
        for (Candidate c : candidates) {
            NearDuplicates.Similarity s = NearDuplicates.compare(fingerprint, Fingerprint.fromBytes(c.fingerprint()));
            if (s.duplicate() && s.containment() > bestContainment) {
                best = c;
                bestContainment = s.containment();
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        UUID id = UUID.randomUUID();
        insertArticle(id, caller, upload, article, fingerprint, "{}", List.of(), null, best.event(), best.id(), bestContainment, label);
        return Optional.of(new IngestResult.Duplicate(id, best.id(), bestContainment));
    }

    private void insertArticle(UUID id, Caller caller, Upload upload, ExtractedArticle article, Fingerprint fingerprint,
                               String profile, List<java.time.LocalDate> dates, String reportId, UUID event, UUID duplicateOf, Double similarity, SharingLabel label) {
        jdbc.sql("insert into osint_article (id, source, url, title, author, published, language, content_type, text, fingerprint,"
                        + " profile, min_date, max_date, report_id, event_id, duplicate_of, similarity, origin, origin_report, origin_version,"
                        + " ingested_by, " + Labels.COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        + Labels.VALUES + ")")
                .params(Labels.concat(java.util.Arrays.asList(id, upload.source(), upload.url().orElse(null),
                        article.title().orElse(null), article.author().orElse(null), article.published().orElse(null),
                        article.language().orElse(null), mediaType(upload.contentType()), article.text(), fingerprint.toBytes(), profile,
                        dates.isEmpty() ? null : java.util.Collections.min(dates), dates.isEmpty() ? null : java.util.Collections.max(dates),
                        reportId, event, duplicateOf, similarity == null ? null : similarity.floatValue(),
                        upload.originReport().isPresent() ? "taxii" : "api", upload.originReport().map(Upload.OriginReport::id).orElse(null),
                        upload.originReport().map(Upload.OriginReport::version).orElse(null),
                        caller.username()), Labels.params(label)))
                .update();
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
    }

    private IngestResult.Created store(Caller caller, Upload upload, ExtractedArticle article, ArticleAnalyser.Analysis analysis,
                                       SharingLabel label, Set<SentVersion> sent) {
        UUID articleId = UUID.randomUUID();
        String now = StixTimestamp.of(Instant.now()).text();
        List<Entity> entities = analysis.entities().entities();
        // The objects to store: a version of each entity not yet written under this label, and the report.
        List<ObjectNode> objects = new ArrayList<>();
        String labelKey = Labels.key(label);
        List<EntityRow> rows = new ArrayList<>();
        for (Entity e : entities) {
            String stixId = OsintStix.stixId(e.key(), e.kind());
            rows.add(new EntityRow(e.key(), e.kind().code(), e.name(), e.country().orElse(null), stixId,
                    (created, modified) -> OsintStix.entity(e, stixId, created, modified, label.tlp(), gazetteer)));
        }
        String sourceName = upload.url().map(u -> URI.create(u).getHost()).orElse(upload.source());
        String sourceKey = "source:" + sourceName.toLowerCase(java.util.Locale.ROOT);
        String sourceId = OsintStix.sourceId(sourceKey);
        rows.add(new EntityRow(sourceKey, "source", sourceName, null, sourceId,
                (created, modified) -> OsintStix.source(sourceName, sourceId, created, modified, label.tlp())));
        entityVersions(rows, labelKey, objects);
        List<String> refs = rows.stream().map(EntityRow::stixId).toList();
        String reportId = "report--" + UUID.randomUUID();
        objects.add(OsintStix.report(reportId, articleId, article.title().filter(t -> !t.isBlank()).orElse(upload.source()),
                article.published(), now, upload.source(), upload.url(), article.language(), article.text(), refs, label.tlp()));
        ArrayNode bundle = StixJson.MAPPER.createArrayNode();
        objects.forEach(bundle::add);
        // Recorded before the call: if the store fails after its commit, the versions are still withdrawn. Each is
        // new by construction (the report's id is random; an entity's version is later than any the module wrote
        // for it), so a version with this id and key owned by the uploader's organisation is this attempt's.
        for (ObjectNode o : objects) {
            sent.add(new SentVersion(o.get("id").asString(), StixTimestamp.parse(o.get("modified").asString()).versionKey()));
        }
        ImportSummary summary = store.ingest(new ByteArrayInputStream(bundle.toString().getBytes(StandardCharsets.UTF_8)),
                new ImportLabel(caller, Optional.of(label.tlp()), label.audience()));
        Set<String> rejected = new java.util.HashSet<>();
        summary.rejected().forEach(r -> rejected.add(r.id()));
        sent.removeIf(v -> rejected.contains(v.id()));
        if (summary.stored() < sent.size()) {
            // Some version was there before (someone in the organisation wrote that exact entity version by hand):
            // it is not ours to withdraw. The report, with its fresh random id, certainly is.
            sent.removeIf(v -> !v.id().equals(reportId));
        }
        if (!summary.rejected().isEmpty() || summary.failure().isPresent()) {
            // Our own objects: a rejection is a bug here, not bad input. Nothing of the article is kept.
            log.error("the store rejected the STIX of an OSINT article: {} {}", summary.rejected(), summary.failure());
            throw new IllegalStateException("the store rejected the article's STIX objects");
        }
        ArticleProfile profile = analysis.profile();
        insertArticle(articleId, caller, upload, article, analysis.fingerprint(), profileJson(profile), profile.dates(), reportId, null, null, null, label);
        jdbc.sql("insert into osint_article_band (band, article_id) select distinct unnest(?::bigint[]), ? on conflict do nothing")
                .params(java.util.Arrays.stream(NearDuplicates.bands(analysis.fingerprint())).boxed().toArray(Long[]::new), articleId)
                .update();
        insertMentions(articleId, analysis.entities().mentions());
        List<Claim> claims = analysis.claims();
        if (!claims.isEmpty()) {
            jdbc.sql("insert into osint_claim (id, article_id, subject, subject_name, predicate, value, comparable, basis, quote,"
                            + " start_offset, end_offset) select gen_random_uuid(), ?, * from unnest(?::text[], ?::text[], ?::text[],"
                            + " ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[])")
                    .params(articleId, claims.stream().map(Claim::subject).toArray(String[]::new),
                            claims.stream().map(Claim::subjectName).toArray(String[]::new),
                            claims.stream().map(Claim::predicate).toArray(String[]::new),
                            claims.stream().map(Claim::value).toArray(String[]::new),
                            claims.stream().map(Claim::comparable).toArray(String[]::new),
                            claims.stream().map(c -> c.basis().name().toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new),
                            claims.stream().map(Claim::quote).toArray(String[]::new),
                            claims.stream().map(Claim::start).toArray(Integer[]::new),
                            claims.stream().map(Claim::end).toArray(Integer[]::new))
                    .update();
        }
        UUID event = group(articleId, profile);
        Set<UUID> changed = recomputeConflicts(event);
        List<ConflictView> mine = conflicts(caller, Optional.of(event)).stream()
                .filter(c -> changed.contains(c.id()) && c.claims().stream().anyMatch(cl -> cl.article().equals(articleId)))
                .toList();
        return new IngestResult.Created(articleId, reportId, event, entities.size(), mine);
    }

    @FunctionalInterface
    private interface VersionBuilder {
        ObjectNode build(String created, String modified);
    }

    private record EntityRow(String key, String kind, String name, String country, String stixId, VersionBuilder builder) {
    }

    /**
     * The entities' rows (created on first sight) and, for each that has no version under this label yet, a new
     * version to store: so every audience that can read a report can also read what it refers to. Versions of one
     * entity get strictly increasing {@code modified} times (the store keeps one object per id and version). Set-based:
     * three statements whatever the number of entities.
     */
    private void entityVersions(List<EntityRow> rows, String labelKey, List<ObjectNode> out) {
        String now = StixTimestamp.of(Instant.now()).text();
        jdbc.sql("insert into osint_entity (key, kind, name, country, stix_id, created, modified)"
                        + " select k, kind, name, country, stix_id, ?, '' from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
                        + " as v(k, kind, name, country, stix_id) on conflict (key) do nothing")
                .params(now, rows.stream().map(EntityRow::key).toArray(String[]::new), rows.stream().map(EntityRow::kind).toArray(String[]::new),
                        rows.stream().map(EntityRow::name).toArray(String[]::new), rows.stream().map(EntityRow::country).toArray(String[]::new),
                        rows.stream().map(EntityRow::stixId).toArray(String[]::new))
                .update();
        Set<String> fresh = new java.util.HashSet<>(jdbc.sql("insert into osint_entity_label (entity_key, label_key)"
                        + " select unnest(?::text[]), ? on conflict do nothing returning entity_key")
                .params(rows.stream().map(EntityRow::key).toArray(String[]::new), labelKey).query(String.class).list());
        if (fresh.isEmpty()) {
            return;
        }
        Map<String, String[]> times = new HashMap<>();
        jdbc.sql("select key, created, modified from osint_entity where key = any (?)").param(fresh.toArray(String[]::new))
                .query(rs -> {
                    times.put(rs.getString(1), new String[]{rs.getString(2), rs.getString(3)});
                });
        Instant clock = Instant.now();
        List<String> keys = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        for (EntityRow row : rows) {
            if (!fresh.contains(row.key())) {
                continue;
            }
            String created = times.get(row.key())[0];
            String last = times.get(row.key())[1];
            Instant modified = clock;
            if (!last.isEmpty() && !modified.isAfter(StixTimestamp.parse(last).instant())) {
                modified = StixTimestamp.parse(last).instant().plusMillis(1);
            }
            if (modified.isBefore(StixTimestamp.parse(created).instant())) {
                modified = StixTimestamp.parse(created).instant();
            }
            String version = StixTimestamp.of(modified).text();
            if (version.equals(last)) {
                version = StixTimestamp.of(modified.plusMillis(1)).text();
            }
            keys.add(row.key());
            versions.add(version);
            out.add(row.builder().build(created, version));
        }
        jdbc.sql("update osint_entity e set modified = v.m from unnest(?::text[], ?::text[]) as v(k, m) where e.key = v.k")
                .params(keys.toArray(String[]::new), versions.toArray(String[]::new)).update();
    }

    private void insertMentions(UUID articleId, List<Mention> mentions) {
        Map<String, Mention> first = new LinkedHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Entity> merged = new HashMap<>();
        for (Mention m : mentions) {
            first.putIfAbsent(m.entity().key(), m);
            counts.merge(m.entity().key(), 1, Integer::sum);
            merged.merge(m.entity().key(), m.entity(), Entity::mergedWith);
        }
        if (first.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>(first.keySet());
        List<Entity> described = keys.stream().map(merged::get).toList();
        jdbc.sql("insert into osint_mention (article_id, entity_key, mentions, role, country, first_at, surface)"
                        + " select ?, * from unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::int[], ?::text[])")
                .params(articleId, keys.toArray(String[]::new), keys.stream().map(counts::get).toArray(Integer[]::new),
                        described.stream().map(e -> e.kind() == Entity.Kind.PERSON ? e.role().orElse(null) : null).toArray(String[]::new),
                        described.stream().map(e -> e.kind() == Entity.Kind.PERSON ? e.country().orElse(null) : null).toArray(String[]::new),
                        keys.stream().map(k -> first.get(k).start()).toArray(Integer[]::new),
                        keys.stream().map(k -> first.get(k).surface()).toArray(String[]::new))
                .update();
    }

    private static String profileJson(ArticleProfile p) {
        ObjectNode o = StixJson.MAPPER.createObjectNode();
        ObjectNode w = o.putObject("weights");
        p.weights().forEach(w::put);
        ArrayNode d = o.putArray("dates");
        p.dates().forEach(x -> d.add(x.toString()));
        return o.toString();
    }

    private static ArticleProfile profile(String source, String json, byte[] fingerprint) {
        JsonNode o = StixJson.MAPPER.readTree(json);
        Map<String, Double> weights = new LinkedHashMap<>();
        o.path("weights").properties().forEach(e -> weights.put(e.getKey(), e.getValue().asDouble()));
        List<java.time.LocalDate> dates = new ArrayList<>();
        o.path("dates").forEach(d -> dates.add(java.time.LocalDate.parse(d.asString())));
        return new ArticleProfile(source, weights, dates, Fingerprint.fromBytes(fingerprint));
    }

    // --- events ----------------------------------------------------------------------------------------------

    /**
     * Puts the article into an event: the events of the recent articles that name its topic and are the same event
     * ({@link EventGrouper#sameEvent}) are joined, strongest first, as long as their dates stay compatible; several
     * such events merge into the oldest. None: a new event. Events are found across all articles (grouping is
     * bookkeeping, not disclosure); every read shows a caller only the articles of an event they may read.
     */
    private UUID group(UUID articleId, ArticleProfile profile) {
        Optional<String> top = EventGrouper.top(profile);
        record Row(UUID id, UUID event, ArticleProfile profile) {
        }
        // Only articles whose dates can be within MAX_DAYS_APART of this one's (or that have none) can be the same event.
        java.time.LocalDate min = profile.dates().isEmpty() ? null : java.util.Collections.min(profile.dates())
                .minusDays(EventGrouper.MAX_DAYS_APART);
        java.time.LocalDate max = profile.dates().isEmpty() ? null : java.util.Collections.max(profile.dates())
                .plusDays(EventGrouper.MAX_DAYS_APART);
        List<Row> candidates = top.isEmpty() ? List.of() : jdbc.sql("""
                        select a.id, a.event_id, a.source, a.profile::text, a.fingerprint from osint_article a
                        where a.duplicate_of is null and a.event_id is not null and a.id <> ?
                          and (a.min_date is null or ?::date is null or (a.max_date >= ?::date and a.min_date <= ?::date))
                          and exists (select 1 from osint_mention m where m.article_id = a.id and m.entity_key = ?)
                        order by a.ingested_at desc limit ?""")
                .params(articleId, min, min, max, top.get(), EVENT_CANDIDATES)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        profile(rs.getString(3), rs.getString(4), rs.getBytes(5)))).list();
        Map<UUID, Double> strength = new LinkedHashMap<>();
        for (Row r : candidates) {
            if (EventGrouper.sameEvent(profile, r.profile())) {
                strength.merge(r.event(), EventGrouper.overlap(profile, r.profile()), Math::max);
            }
        }
        List<UUID> ordered = strength.entrySet().stream()
                .sorted(Map.Entry.<UUID, Double>comparingByValue().reversed()).map(Map.Entry::getKey).toList();
        List<ArticleProfile> joined = new ArrayList<>(List.of(profile));
        List<UUID> chosen = new ArrayList<>();
        for (UUID event : ordered) {
            List<ArticleProfile> members = jdbc.sql("select source, profile::text, fingerprint from osint_article"
                            + " where event_id = ? and duplicate_of is null")
                    .param(event).query((rs, n) -> profile(rs.getString(1), rs.getString(2), rs.getBytes(3))).list();
            if (EventGrouper.compatible(joined, members)) {
                joined.addAll(members);
                chosen.add(event);
            }
        }
        UUID target;
        if (chosen.isEmpty()) {
            target = UUID.randomUUID();
            jdbc.sql("insert into osint_event (id) values (?)").param(target).update();
        } else {
            target = jdbc.sql("select id from osint_event where id = any (?) order by created_at, id limit 1")
                    .param(chosen.toArray(UUID[]::new)).query(UUID.class).single();
            for (UUID other : chosen) {
                if (!other.equals(target)) {
                    jdbc.sql("update osint_article set event_id = ? where event_id = ?").params(target, other).update();
                    jdbc.sql("delete from osint_conflict where event_id = ?").param(other).update();
                    jdbc.sql("delete from osint_event where id = ?").param(other).update();
                }
            }
        }
        jdbc.sql("update osint_article set event_id = ? where id = ?").params(target, articleId).update();
        return target;
    }

    /**
     * The event's conflicts found again from all its articles' claims: a disagreement found before keeps its id,
     * one that no longer holds is removed. Answers the ids of conflicts new or with new claims.
     */
    Set<UUID> recomputeConflicts(UUID event) {
        Map<Claim, UUID> ids = new IdentityHashMap<>();
        List<Claim> claims = jdbc.sql("""
                        select c.id, c.article_id, c.subject, c.subject_name, c.predicate, c.value, c.basis, c.quote,
                               c.start_offset, c.end_offset
                        from osint_claim c join osint_article a on a.id = c.article_id
                        where a.event_id = ? and a.duplicate_of is null order by a.ingested_at, c.start_offset""")
                .param(event).query((rs, n) -> {
                    Claim c = new Claim(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            Claim.Basis.valueOf(rs.getString(7).toUpperCase(java.util.Locale.ROOT)),
                            rs.getObject(2, UUID.class).toString(), rs.getString(8), rs.getInt(9), rs.getInt(10));
                    ids.put(c, rs.getObject(1, UUID.class));
                    return c;
                }).list();
        List<Conflict> found = Conflicts.find(claims);
        // What is stored for the event, in one query: each conflict's id by key, and its claims.
        Map<String, UUID> existing = new HashMap<>();
        Map<UUID, Set<UUID>> storedClaims = new HashMap<>();
        jdbc.sql("select c.key, c.id, cc.claim_id from osint_conflict c left join osint_conflict_claim cc on cc.conflict_id = c.id"
                        + " where c.event_id = ?").param(event)
                .query(rs -> {
                    UUID id = rs.getObject(2, UUID.class);
                    existing.put(rs.getString(1), id);
                    UUID claim = rs.getObject(3, UUID.class);
                    Set<UUID> set = storedClaims.computeIfAbsent(id, k -> new java.util.HashSet<>());
                    if (claim != null) {
                        set.add(claim);
                    }
                });
        Set<String> keys = new LinkedHashSet<>();
        Set<UUID> changed = new LinkedHashSet<>();
        List<Object[]> newConflicts = new ArrayList<>();
        List<UUID> linkConflicts = new ArrayList<>();
        List<UUID> linkClaims = new ArrayList<>();
        for (Conflict c : found) {
            keys.add(c.key());
            Set<UUID> claimIds = new java.util.HashSet<>();
            c.claims().forEach(cl -> claimIds.add(ids.get(cl)));
            UUID id = existing.get(c.key());
            if (id == null) {
                id = UUID.randomUUID();
                newConflicts.add(new Object[]{id, c.key(), c.subject(), c.subjectName(), c.predicate(), c.internal()});
            } else if (storedClaims.getOrDefault(id, Set.of()).equals(claimIds)) {
                continue;
            }
            changed.add(id);
            for (UUID claim : claimIds) {
                linkConflicts.add(id);
                linkClaims.add(claim);
            }
        }
        Set<String> gone = new java.util.HashSet<>(existing.keySet());
        gone.removeAll(keys);
        if (!gone.isEmpty()) {
            jdbc.sql("delete from osint_conflict where event_id = ? and key = any (?)").params(event, gone.toArray(String[]::new)).update();
        }
        if (!newConflicts.isEmpty()) {
            jdbc.sql("insert into osint_conflict (id, event_id, key, subject, subject_name, predicate, internal)"
                            + " select id, ?, key, subject, subject_name, predicate, internal"
                            + " from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[])"
                            + " as v(id, key, subject, subject_name, predicate, internal)")
                    .params(event, newConflicts.stream().map(r -> (UUID) r[0]).toArray(UUID[]::new),
                            newConflicts.stream().map(r -> (String) r[1]).toArray(String[]::new),
                            newConflicts.stream().map(r -> (String) r[2]).toArray(String[]::new),
                            newConflicts.stream().map(r -> (String) r[3]).toArray(String[]::new),
                            newConflicts.stream().map(r -> (String) r[4]).toArray(String[]::new),
                            newConflicts.stream().map(r -> (Boolean) r[5]).toArray(Boolean[]::new))
                    .update();
        }
        if (!changed.isEmpty()) {
            jdbc.sql("delete from osint_conflict_claim where conflict_id = any (?)").param(changed.toArray(UUID[]::new)).update();
            jdbc.sql("insert into osint_conflict_claim (conflict_id, claim_id) select * from unnest(?::uuid[], ?::uuid[])")
                    .params(linkConflicts.toArray(UUID[]::new), linkClaims.toArray(UUID[]::new)).update();
        }
        return changed;
    }

    // --- label changes and deletions of the reports (from the store) -----------------------------------------

    /** The report of an article was relabelled: the article (and its duplicates' link) follows its report. */
    void reportRelabelled(String reportId, SharingLabel label) {
        jdbc.sql("update osint_article set " + Labels.ASSIGN + " where report_id = ?")
                .params(Labels.concat(Labels.params(label), List.of(reportId))).update();
    }

    /**
     * Every version of an article's report was deleted: the article goes too (with its copies, mentions and claims),
     * and its event's conflicts are found again without it.
     */
    void reportDeleted(String reportId) {
        if (store.labelOf(org.entente.stix.StixId.parse(reportId)).isPresent()) {
            return;
        }
        deleteArticles(jdbc.sql("select id from osint_article where report_id = ?").param(reportId).query(UUID.class).list());
    }

    /** An article derived from a STIX report: which version it came from (null before V60), and whose it is. */
    private record Derived(UUID id, String reportId, String originVersion, long ownerOrg, long ownerParticipant) {
    }

    private List<Derived> derivedFrom(String originId) {
        return jdbc.sql("select id, report_id, origin_version, owner_org, owner_participant from osint_article where origin_report = ?")
                .param(originId)
                .query((rs, n) -> new Derived(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)))
                .list();
    }

    /**
     * Versions of a STIX report that pages were ingested from were relabelled ({@code labels}: by version key): each
     * article derived from one of them takes its TLP and audience (its owner stays), and so does the article's own
     * report in the store, relabelled as its owner by whoever relabelled the origin; so the article, its report and
     * all that is read through them (events, entities, conflicts, TAXII, API) reach exactly the origin's readers. An
     * article from before V60 (no version recorded) follows its own organisation's versions of the origin. The
     * relabel of the article's report comes back here as a relabel of that report: no article has it as its origin,
     * and its label is already the one set, so it ends there.
     */
    void originRelabelled(Caller actor, String originId, Map<String, SharingLabel> labels) {
        for (Derived article : derivedFrom(originId)) {
            SharingLabel followed = article.originVersion() != null ? labels.get(article.originVersion())
                    : labels.entrySet().stream().filter(e -> e.getValue().owner().value() == article.ownerOrg())
                    .max(Map.Entry.comparingByKey()).map(Map.Entry::getValue).orElse(null);
            if (followed == null) {
                continue; // another version of the origin (another owner's, or one it was not derived from)
            }
            SharingLabel label = new SharingLabel(new org.entente.community.Ids.OrganisationId(article.ownerOrg()),
                    new org.entente.community.Ids.ParticipantId(article.ownerParticipant()), followed.tlp(), followed.audience());
            // The article first: a narrowing hides its full text at once, whatever becomes of the report's relabel.
            jdbc.sql("update osint_article set " + Labels.ASSIGN + " where id = ?")
                    .params(Labels.concat(Labels.params(label), List.of(article.id()))).update();
            log.info("article {} follows its origin {} to {}", article.id(), originId, Labels.key(label));
            if (article.reportId() != null) {
                try {
                    relabelReport(actor, article.reportId(), label);
                } catch (RuntimeException e) {
                    log.error("article {} follows its origin {}, but its report {} could NOT be relabelled to {}: an operator"
                            + " relabels it", article.id(), originId, article.reportId(), Labels.key(label), e);
                }
            }
        }
    }

    /**
     * The article's report takes {@code label}: through {@link StixStore#share} as the caller who relabelled the
     * origin (the same organisation, with the permissions that relabel needed; a widening is announced as a release);
     * should that caller not be the owner's (a federation peer's relabel), through the store's relabel of an owner's
     * versions, which asks no permission: the owner already decided, on the origin.
     */
    private void relabelReport(Caller actor, String reportId, SharingLabel label) {
        org.entente.stix.StixId id = org.entente.stix.StixId.parse(reportId);
        if (store.labelOf(id).filter(label::equals).isPresent()) {
            return;
        }
        boolean shared;
        try {
            shared = actor.organisation().equals(label.owner())
                    && store.share(actor, id, label.tlp(), label.audience()) instanceof StixStore.ShareOutcome.Shared;
        } catch (SharingRefused e) {
            shared = false;
        }
        if (!shared) {
            store.relabelReceived(id, label, actor);
        }
    }

    /**
     * Versions of a STIX report were deleted (by its owner, or hidden from this node by a peer): each article derived
     * from one of them goes, its own report first (deleted from the store as its owner, so streams, webhooks and peers
     * are told), then the article's rows as when its report is deleted. An article from before V60 goes when no
     * version of the origin owned by its organisation is left. A revocation is not a deletion: the revoked report is
     * still readable as before, and so is the article.
     */
    void originDeleted(String originId, List<String> deletedVersions) {
        List<Derived> derived = derivedFrom(originId);
        if (derived.isEmpty()) {
            return;
        }
        Set<String> deleted = Set.copyOf(deletedVersions);
        java.util.Collection<org.entente.community.Ids.OrganisationId> remaining =
                store.ownersByVersion(org.entente.stix.StixId.parse(originId)).values();
        List<UUID> gone = new ArrayList<>();
        for (Derived article : derived) {
            boolean follows = article.originVersion() != null ? deleted.contains(article.originVersion())
                    : remaining.stream().noneMatch(o -> o.value() == article.ownerOrg());
            if (!follows) {
                continue;
            }
            if (article.reportId() != null) {
                Caller owner = new Caller(new org.entente.community.Ids.UserId(0), "osint:origin-deleted",
                        new org.entente.community.Ids.OrganisationId(article.ownerOrg()),
                        new org.entente.community.Ids.ParticipantId(article.ownerParticipant()),
                        org.entente.community.Tier.MEMBER, Set.of(), Set.of(Permission.INTEL_WRITE));
                try {
                    store.delete(owner, org.entente.stix.StixId.parse(article.reportId()), Set.of());
                } catch (RuntimeException e) {
                    // The article's rows go all the same (its full text is the larger part); the log names the rest.
                    log.error("article {} goes with its origin {}, but its report {} could NOT be deleted: an operator deletes it",
                            article.id(), originId, article.reportId(), e);
                }
            }
            gone.add(article.id());
            log.info("article {} goes with its origin {}", article.id(), originId);
        }
        deleteArticles(gone);
    }

    /** Deletes articles (with their copies, mentions and claims) and finds their events' conflicts again without them. */
    private void deleteArticles(List<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        tx.executeWithoutResult(status -> {
            jdbc.sql("select pg_advisory_xact_lock(?)").param(LOCK).query((rs, n) -> 1).single();
            List<Map<String, Object>> rows = jdbc.sql("select id, event_id from osint_article where id = any (?)")
                    .param(ids.toArray(UUID[]::new)).query().listOfRows();
            for (Map<String, Object> row : rows) {
                UUID id = (UUID) row.get("id");
                jdbc.sql("delete from osint_article where duplicate_of = ?").param(id).update();
                jdbc.sql("delete from osint_article where id = ?").param(id).update();
                if (row.get("event_id") != null) {
                    recomputeConflicts((UUID) row.get("event_id"));
                }
            }
        });
    }

    // --- reads, each within the caller's audience ------------------------------------------------------------

    /**
     * The event's (or every event's) conflicts as the caller sees them: the claims of articles they may read, and
     * only conflicts whose visible claims still disagree (two values; for a conflict across sources, two sources).
     * A conflict one of whose sides the caller cannot read does not exist for them: its existence would tell them
     * what an unreadable article says.
     */
    public List<ConflictView> conflicts(Caller caller, Optional<UUID> event) {
        SqlFilter visible = policy.filter(caller, "a.");
        List<Object> params = new ArrayList<>(visible.params());
        event.ifPresent(params::add);
        record Row(UUID id, UUID event, String subject, String subjectName, String predicate, boolean internal,
                   ConflictView.ClaimView claim) {
        }
        List<Row> rows = jdbc.sql("select c.id, c.event_id, c.subject, c.subject_name, c.predicate, c.internal, null,"
                        + " cl.article_id, a.source, cl.value, cl.comparable, cl.basis, cl.quote, cl.start_offset, cl.end_offset"
                        + " from osint_conflict c join osint_conflict_claim cc on cc.conflict_id = c.id"
                        + " join osint_claim cl on cl.id = cc.claim_id join osint_article a on a.id = cl.article_id"
                        + " where " + visible.sql() + (event.isPresent() ? " and c.event_id = ?" : "")
                        + " order by c.subject, c.predicate, c.internal, c.id, a.ingested_at, cl.start_offset")
                .params(params)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBoolean(6),
                        new ConflictView.ClaimView(rs.getObject(8, UUID.class), rs.getString(9), rs.getString(10), rs.getString(11),
                                rs.getString(12), rs.getString(13), rs.getInt(14), rs.getInt(15)))).list();
        Map<UUID, List<Row>> byConflict = new LinkedHashMap<>();
        rows.forEach(r -> byConflict.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r));
        List<ConflictView> out = new ArrayList<>();
        for (List<Row> group : byConflict.values()) {
            Row f = group.getFirst();
            long values = group.stream().map(r -> r.claim().comparable()).distinct().count();
            long sources = group.stream().map(r -> r.claim().article()).distinct().count();
            if (values < 2 || (!f.internal() && sources < 2)) {
                continue;
            }
            out.add(new ConflictView(f.id(), f.event(), f.subject(), f.subjectName(), f.predicate(), f.internal(),
                    group.stream().map(Row::claim).toList()));
        }
        return out;
    }

    public Optional<ConflictView> conflict(Caller caller, UUID id) {
        return conflicts(caller, Optional.empty()).stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** Articles (originals) the caller may read, newest first; of one event when given. */
    public List<Map<String, Object>> articles(Caller caller, Optional<UUID> event, int limit, int offset) {
        SqlFilter visible = policy.filter(caller, "a.");
        List<Object> params = new ArrayList<>(visible.params());
        event.ifPresent(params::add);
        params.add(limit);
        params.add(offset);
        return jdbc.sql("select a.id, a.source, a.url, a.title, a.author, a.published, a.language, a.report_id, a.event_id,"
                        + " a.ingested_at, (select count(*) from osint_mention m where m.article_id = a.id) as entities"
                        + " from osint_article a where a.duplicate_of is null and " + visible.sql()
                        + (event.isPresent() ? " and a.event_id = ?" : "") + " order by a.ingested_at desc, a.id limit ? offset ?")
                .params(params).query((rs, n) -> articleSummary(rs)).list();
    }

    private static Map<String, Object> articleSummary(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getObject("id", UUID.class));
        m.put("source", rs.getString("source"));
        m.put("url", rs.getString("url"));
        m.put("title", rs.getString("title"));
        m.put("author", rs.getString("author"));
        java.sql.Timestamp published = rs.getTimestamp("published");
        m.put("published", published == null ? null : published.toInstant());
        m.put("language", rs.getString("language"));
        m.put("report", rs.getString("report_id"));
        m.put("event", rs.getObject("event_id", UUID.class));
        m.put("ingested_at", rs.getTimestamp("ingested_at").toInstant());
        m.put("entities", rs.getLong("entities"));
        return m;
    }

    /**
     * One article with its text, entities, claims and the copies the caller may read. A copy (a near-duplicate
     * upload) is shown only with its original readable too; it answers {@code duplicate_of} and its original's
     * analysis is read at the original.
     */
    public Optional<Map<String, Object>> article(Caller caller, UUID id) {
        SqlFilter visible = policy.filter(caller, "a.");
        Optional<Map<String, Object>> row = jdbc.sql("select a.*, (select count(*) from osint_mention m where m.article_id = a.id)"
                        + " as entities from osint_article a where a.id = ? and " + visible.sql())
                .params(Labels.concat(List.of(id), visible.params()))
                .query((rs, n) -> {
                    Map<String, Object> m = articleSummary(rs);
                    m.put("text", rs.getString("text"));
                    m.put("content_type", rs.getString("content_type"));
                    m.put("origin", rs.getString("origin"));
                    m.put("origin_report", rs.getString("origin_report"));
                    m.put("duplicate_of", rs.getObject("duplicate_of", UUID.class));
                    m.put("similarity", rs.getObject("similarity"));
                    return m;
                }).optional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> out = row.get();
        UUID original = (UUID) out.get("duplicate_of");
        if (original != null) {
            if (article(caller, original).isEmpty()) {
                return Optional.empty();
            }
            out.remove("entities");
            out.remove("report");
            return Optional.of(out);
        }
        out.remove("duplicate_of");
        out.remove("similarity");
        out.put("entities", jdbc.sql("select e.key, e.kind, e.name, coalesce(m.country, e.country) as country, m.role, e.stix_id,"
                        + " m.mentions, m.surface, m.first_at from osint_mention m join osint_entity e on e.key = m.entity_key"
                        + " where m.article_id = ? order by m.first_at").param(id)
                .query((rs, n) -> {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("key", rs.getString("key"));
                    e.put("kind", rs.getString("kind"));
                    e.put("name", rs.getString("name"));
                    e.put("country", rs.getString("country"));
                    e.put("role", rs.getString("role"));
                    e.put("stix_id", rs.getString("stix_id"));
                    e.put("mentions", rs.getInt("mentions"));
                    e.put("first_mention", Map.of("at", rs.getInt("first_at"), "text", rs.getString("surface")));
                    return e;
                }).list());
        out.put("claims", jdbc.sql("select subject, subject_name, predicate, value, basis, quote, start_offset, end_offset"
                        + " from osint_claim where article_id = ? order by start_offset").param(id)
                .query((rs, n) -> {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("subject", rs.getString(1));
                    c.put("subject_name", rs.getString(2));
                    c.put("predicate", rs.getString(3));
                    c.put("value", rs.getString(4));
                    c.put("basis", rs.getString(5));
                    c.put("quote", rs.getString(6));
                    c.put("start", rs.getInt(7));
                    c.put("end", rs.getInt(8));
                    return c;
                }).list());
        out.put("copies", jdbc.sql("select a.id, a.source, a.url, a.similarity, a.ingested_at from osint_article a"
                        + " where a.duplicate_of = ? and " + visible.sql() + " order by a.ingested_at")
                .params(Labels.concat(List.of(id), visible.params()))
                .query((rs, n) -> {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("id", rs.getObject(1, UUID.class));
                    c.put("source", rs.getString(2));
                    c.put("url", rs.getString(3));
                    c.put("similarity", rs.getFloat(4));
                    c.put("ingested_at", rs.getTimestamp(5).toInstant());
                    return c;
                }).list());
        return Optional.of(out);
    }

    /** Events with at least one article the caller may read, counted and dated by those articles only. */
    public List<Map<String, Object>> events(Caller caller, int limit, int offset) {
        SqlFilter visible = policy.filter(caller, "a.");
        return jdbc.sql("select e.id, min(a.ingested_at) as first_ingested, count(*) as articles, min(a.published) as first_published,"
                        + " max(a.published) as last_published, (array_agg(coalesce(a.title, a.source) order by a.ingested_at))[1] as title"
                        + " from osint_event e join osint_article a on a.event_id = e.id and a.duplicate_of is null"
                        + " where " + visible.sql() + " group by e.id order by min(a.ingested_at) desc, e.id limit ? offset ?")
                .params(Labels.concat(visible.params(), List.of(limit, offset)))
                .query((rs, n) -> event(rs)).list();
    }

    private static Map<String, Object> event(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getObject("id", UUID.class));
        m.put("title", rs.getString("title"));
        m.put("articles", rs.getLong("articles"));
        java.sql.Timestamp first = rs.getTimestamp("first_published");
        java.sql.Timestamp last = rs.getTimestamp("last_published");
        m.put("first_published", first == null ? null : first.toInstant());
        m.put("last_published", last == null ? null : last.toInstant());
        // When the caller's first article of it arrived, not when the event was created: an event may have begun
        // with articles they cannot read.
        m.put("first_ingested", rs.getTimestamp("first_ingested").toInstant());
        return m;
    }

    /** One event: its readable articles, the entities they name, and its conflicts as the caller sees them. */
    public Optional<Map<String, Object>> event(Caller caller, UUID id) {
        SqlFilter visible = policy.filter(caller, "a.");
        Optional<Map<String, Object>> head = jdbc.sql("select e.id, min(a.ingested_at) as first_ingested, count(*) as articles,"
                        + " min(a.published) as first_published, max(a.published) as last_published,"
                        + " (array_agg(coalesce(a.title, a.source) order by a.ingested_at))[1] as title"
                        + " from osint_event e join osint_article a on a.event_id = e.id and a.duplicate_of is null"
                        + " where e.id = ? and " + visible.sql() + " group by e.id")
                .params(Labels.concat(List.of(id), visible.params())).query((rs, n) -> event(rs)).optional();
        if (head.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> out = head.get();
        out.put("article_list", articles(caller, Optional.of(id), 1000, 0));
        out.put("entities", entities(caller, Optional.of(id), Optional.empty(), Optional.empty(), 200, 0));
        out.put("conflicts", conflicts(caller, Optional.of(id)));
        return Optional.of(out);
    }

    /**
     * Entities named by articles the caller may read (of one event, kind or name when given), with how many of those
     * articles name them; a person's roles and countries as those articles give them.
     */
    public List<Map<String, Object>> entities(Caller caller, Optional<UUID> event, Optional<String> kind, Optional<String> q,
                                              int limit, int offset) {
        SqlFilter visible = policy.filter(caller, "a.");
        List<Object> params = new ArrayList<>(visible.params());
        StringBuilder where = new StringBuilder(visible.sql());
        event.ifPresent(e -> {
            where.append(" and a.event_id = ?");
            params.add(e);
        });
        kind.ifPresent(k -> {
            where.append(" and e.kind = ?");
            params.add(k);
        });
        q.ifPresent(text -> {
            where.append(" and e.name ilike ? escape '\\'");
            params.add("%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        });
        params.add(limit);
        params.add(offset);
        return jdbc.sql("select e.key, e.kind, e.name, e.country, e.stix_id, count(distinct a.id) as articles,"
                        + " sum(m.mentions) as mentions, array_remove(array_agg(distinct m.role), null) as roles,"
                        + " array_remove(array_agg(distinct m.country), null) as countries"
                        + " from osint_entity e join osint_mention m on m.entity_key = e.key"
                        + " join osint_article a on a.id = m.article_id and a.duplicate_of is null"
                        + " where " + where + " group by e.key, e.kind, e.name, e.country, e.stix_id"
                        + " order by count(distinct a.id) desc, sum(m.mentions) desc, e.key limit ? offset ?")
                .params(params)
                .query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("key", rs.getString("key"));
                    m.put("kind", rs.getString("kind"));
                    m.put("name", rs.getString("name"));
                    String[] countries = (String[]) rs.getArray("countries").getArray();
                    m.put("country", rs.getString("country") != null ? rs.getString("country")
                            : countries.length == 1 ? countries[0] : null);
                    m.put("roles", List.of((String[]) rs.getArray("roles").getArray()));
                    m.put("stix_id", rs.getString("stix_id"));
                    m.put("articles", rs.getLong("articles"));
                    m.put("mentions", rs.getLong("mentions"));
                    return m;
                }).list();
    }
}
