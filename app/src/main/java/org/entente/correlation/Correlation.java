package org.entente.correlation;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.correlation.index.Candidates;
import org.entente.correlation.index.WarninglistHit;
import org.entente.intel.ImportLabel;
import org.entente.intel.ImportSummary;
import org.entente.intel.IntelStored;
import org.entente.intel.StixStore;
import org.entente.intel.StoredVersion;
import org.entente.sharing.Audience;
import org.entente.sharing.SharingLabel;
import org.entente.sharing.SharingPolicy;
import org.entente.stix.StixId;
import org.entente.stix.StixJson;
import org.entente.stix.Tlp;
import org.entente.stix.pattern.MatchResult;
import org.entente.stix.pattern.Observation;
import org.entente.stix.pattern.PatternMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;

import jakarta.annotation.PreDestroy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Correlation: observations against the indicators of the store. For each observation the index
 * names candidate indicators (confirmed, or to verify with the pattern matcher); only indicators the
 * submitter may read count, decided by {@link SharingPolicy#decide} before anything else is done with
 * them, so an indicator outside the submitter's audience never shows in an answer, a sighting, an
 * alert, or the work done. Each match becomes a STIX sighting, stored under the submission's own label,
 * and an alert to everyone that label reaches. See docs/SHARING_POLICY.md, "Sightings and alerts".
 */
@Service
public class Correlation {

    private static final Logger log = LoggerFactory.getLogger(Correlation.class);

    /** An indicator that matched, as its reader may see it. */
    public record Match(String indicatorId, Optional<String> name, String pattern, List<String> observedDataRefs) {
    }

    /** A candidate match a warninglist suppressed. */
    public record Suppressed(String indicatorId, String type, String value, String list, String reason) {
    }

    /**
     * A match for which no sighting was created: the sighting's audience reaches organisations the
     * indicator's does not, and a sighting names its indicator ({@code sighting_of_ref}).
     */
    public record NotSighted(String indicatorId, String reason) {
    }

    /** What one submission led to. */
    public record Result(int observations, List<Match> matches, List<JsonNode> sightings, List<Suppressed> suppressed,
                         List<NotSighted> notSighted, String catalog) {
    }

    private final IndicatorCatalog catalog;
    private final SharingPolicy policy;
    private final StixStore store;
    private final Community community;
    private final Notifier notifier;
    /** Observed-data the intake stores itself: the store's event for them must not correlate them twice. */
    private final Set<String> intake = ConcurrentHashMap.newKeySet();
    private final ExecutorService imported = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("correlate-imported").factory());

    Correlation(IndicatorCatalog catalog, SharingPolicy policy, StixStore store, Community community, Notifier notifier) {
        this.catalog = catalog;
        this.policy = policy;
        this.store = store;
        this.community = community;
        this.notifier = notifier;
    }

    @PreDestroy
    void stop() {
        imported.shutdown();
    }

    /**
     * Matches a submission for {@code submitter}, stores its observations and one sighting per match
     * under the label {@code tlp} + {@code audience} (owned by the submitter's organisation), and
     * announces each sighting and alert. Nothing is stored when the label is refused.
     */
    public Result submit(Caller submitter, Submission submission, Tlp tlp, Audience audience) {
        Instant now = Instant.now();
        SharingLabel sightingLabel = new SharingLabel(submitter.organisation(), submitter.participant(), tlp, audience);
        // The label is checked before any matching: a refusal depends on nothing but the request.
        if (audience instanceof Audience.TaskForce tf && community.taskForce(tf.taskForce()).isEmpty()) {
            throw new org.entente.intel.UnknownRecipient("task_force", tf.taskForce().value());
        }
        Set<org.entente.community.Ids.OrganisationId> reaches = policy.recipients(sightingLabel);
        if (reaches.stream().anyMatch(o -> !o.equals(submitter.organisation()))
                && !submitter.has(org.entente.community.Permission.INTEL_PUBLISH)) {
            throw new org.entente.intel.SharingRefused("sharing sightings outside your own organisation needs the permission intel.publish");
        }
        Found found = match(submitter, submission.observations(), now);
        List<NotSighted> notSighted = new ArrayList<>();
        Found sighted = found.reachingNoFurtherThanTheirIndicators(policy, reaches, notSighted);
        ImportLabel label = new ImportLabel(submitter, Optional.of(tlp), audience);
        List<ObjectNode> objects = new ArrayList<>(submission.objects());
        List<ObjectNode> sightings = sightings(submitter, sighted, objects, now);
        objects.addAll(sightings);
        List<String> observedData = submission.objects().stream().filter(o -> "observed-data".equals(o.path("type").asString("")))
                .map(o -> o.path("id").stringValue()).toList();
        intake.addAll(observedData);
        try {
            store(objects, label);
        } finally {
            observedData.forEach(intake::remove);
        }
        announce(sighted, sightings, sightingLabel);
        return new Result(submission.observations().size(), found.matches(), List.copyOf(sightings), found.suppressed(),
                List.copyOf(notSighted), catalog.state().name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Candidates, verified, of indicators the reader may see, with their bodies (name and pattern, read
     * for this submission).
     */
    private record Found(Map<IndicatorCatalog.Current, Set<Observation>> matched,
                         Map<StixId, IndicatorCatalog.Body> bodies, List<Suppressed> suppressed) {

        /**
         * The matches whose sighting, reaching {@code reaches}, stays within the indicator's own audience:
         * a sighting names its indicator, so one that reached further would show the indicator's id to
         * organisations that may not read it. The others are listed in {@code notSighted} with the reason.
         */
        Found reachingNoFurtherThanTheirIndicators(SharingPolicy policy, Set<?> reaches, List<NotSighted> notSighted) {
            Map<IndicatorCatalog.Current, Set<Observation>> within = new LinkedHashMap<>();
            matched.forEach((indicator, observations) -> {
                if (policy.recipients(indicator.label()).containsAll(reaches)) {
                    within.put(indicator, observations);
                } else {
                    notSighted.add(new NotSighted(indicator.id().toString(), "the sighting's audience reaches organisations "
                            + "that may not read this indicator; submit it with an audience inside the indicator's"));
                }
            });
            return new Found(within, bodies, suppressed);
        }

        List<Match> matches() {
            return matched.entrySet().stream().map(e -> {
                IndicatorCatalog.Body body = bodies.get(e.getKey().id());
                return new Match(e.getKey().id().toString(), body.name(), body.pattern(),
                        e.getValue().stream().map(Observation::id).toList());
            }).toList();
        }
    }

    Found match(Caller reader, List<Observation> observations, Instant now) {
        // All the observations' values looked up in one batch (the index overlaps their memory reads).
        return match(reader, observations, catalog.candidates(observations), now);
    }

    /** {@link #match(Caller, List, Instant)} with the index's candidates of each observation already found. */
    private Found match(Caller reader, List<Observation> observations, List<Candidates> all, Instant now) {
        Map<IndicatorCatalog.Current, Set<Observation>> confirmed = new LinkedHashMap<>();
        Map<IndicatorCatalog.Current, Set<Observation>> toVerify = new LinkedHashMap<>();
        Map<String, Suppressed> suppressed = new LinkedHashMap<>();
        Map<StixId, Optional<IndicatorCatalog.Current>> visible = new HashMap<>();
        for (int i = 0; i < observations.size(); i++) {
            Observation o = observations.get(i);
            Candidates c = all.get(i);
            for (StixId id : c.confirmed()) {
                visible.computeIfAbsent(id, k -> readable(reader, k, now))
                        .ifPresent(e -> confirmed.computeIfAbsent(e, k -> new LinkedHashSet<>()).add(o));
            }
            for (StixId id : c.toVerify()) {
                visible.computeIfAbsent(id, k -> readable(reader, k, now))
                        .ifPresent(e -> toVerify.computeIfAbsent(e, k -> new LinkedHashSet<>()).add(o));
            }
            for (WarninglistHit hit : c.suppressed()) {
                Optional<IndicatorCatalog.Current> e = hit.indicatorId() == null ? Optional.empty()
                        : visible.computeIfAbsent(hit.indicatorId(), k -> readable(reader, k, now));
                if (hit.indicatorId() == null || e.isPresent()) {
                    String indicator = hit.indicatorId() == null ? null : hit.indicatorId().toString();
                    suppressed.putIfAbsent(indicator + "|" + hit.objectType() + "|" + hit.value() + "|" + hit.list(),
                            new Suppressed(indicator, hit.objectType(), hit.value(), hit.list(), hit.reason()));
                }
            }
        }
        if (confirmed.isEmpty() && toVerify.isEmpty()) {
            return new Found(Map.of(), Map.of(), List.copyOf(suppressed.values()));
        }
        // Patterns and names are not in memory: one read for every candidate of the submission (the
        // readable ones only), through the catalog's cache.
        Set<IndicatorCatalog.Current> need = new LinkedHashSet<>(confirmed.keySet());
        need.addAll(toVerify.keySet());
        Map<StixId, IndicatorCatalog.Body> bodies = catalog.bodies(need);
        Map<IndicatorCatalog.Current, Set<Observation>> matched = new LinkedHashMap<>();
        confirmed.forEach((k, v) -> {
            if (bodies.containsKey(k.id())) { // absent: the version was deleted since; it no longer exists
                matched.put(k, v);
            }
        });
        for (var e : toVerify.entrySet()) {
            IndicatorCatalog.Body body = bodies.get(e.getKey().id());
            if (body == null) {
                continue;
            }
            if (matched.containsKey(e.getKey())) {
                matched.get(e.getKey()).addAll(e.getValue());
                continue;
            }
            try {
                MatchResult result = PatternMatcher.match(body.parsed(), observations);
                if (result.matched()) {
                    // The sighting names the observations one satisfying match used.
                    Set<String> used = Set.copyOf(result.observationIds());
                    Set<Observation> by = new LinkedHashSet<>();
                    observations.stream().filter(o -> used.contains(o.id())).forEach(by::add);
                    matched.put(e.getKey(), by.isEmpty() ? e.getValue() : by);
                }
            } catch (RuntimeException ex) {
                log.warn("indicator {}: its pattern could not be evaluated: {}", e.getKey().id(), ex.toString());
            }
        }
        return new Found(matched, bodies, List.copyOf(suppressed.values()));
    }

    /** The catalog's indicator, when it is current and the reader may see it; otherwise it does not exist for them. */
    private Optional<IndicatorCatalog.Current> readable(Caller reader, StixId id, Instant now) {
        return catalog.entry(id).filter(e -> !e.expiredAt(now)).filter(e -> policy.decide(reader, e.label()).allowed());
    }

    /** One sighting per matched indicator, by the identity of the sighting organisation (added to {@code objects}). */
    private List<ObjectNode> sightings(Caller by, Found found, List<ObjectNode> objects, Instant now) {
        if (found.matched().isEmpty()) {
            return List.of();
        }
        String identityId = null;
        var organisation = community.organisation(by.organisation());
        if (organisation.isPresent()) {
            String participant = community.participants().stream().filter(p -> p.id().equals(by.participant()))
                    .map(Community.Participant::name).findFirst().orElse("");
            ObjectNode identity = Sightings.organisationIdentity(participant, organisation.get().name());
            identityId = identity.path("id").stringValue();
            objects.addFirst(identity);
        }
        List<ObjectNode> out = new ArrayList<>();
        for (var e : found.matched().entrySet()) {
            out.add(Sightings.sighting(e.getKey().id().toString(), e.getValue(), identityId, now));
        }
        return out;
    }

    private void store(List<ObjectNode> objects, ImportLabel label) {
        if (objects.isEmpty()) {
            return;
        }
        ObjectNode bundle = StixJson.MAPPER.createObjectNode();
        bundle.put("type", "bundle");
        bundle.put("id", "bundle--" + UUID.randomUUID());
        ArrayNode array = bundle.putArray("objects");
        objects.forEach(array::add);
        ImportSummary summary = store.ingest(new ByteArrayInputStream(StixJson.MAPPER.writeValueAsBytes(bundle)), label);
        if (!summary.rejected().isEmpty()) {
            log.warn("correlation: the store refused {} of its own objects: {}", summary.rejected().size(), summary.rejected());
        }
    }

    /**
     * For every sighting: a "sighting" notice (the sighting itself) and an "alert" (the sighting and
     * what the indicator may say), both labelled like the sighting: they reach the submitter and
     * everyone in the sighting's audience, and no one else.
     */
    private void announce(Found found, List<ObjectNode> sightings, SharingLabel sightingLabel) {
        if (sightings.isEmpty()) {
            return;
        }
        int i = 0;
        for (var e : found.matched().entrySet()) {
            ObjectNode sighting = sightings.get(i++);
            String sightingId = sighting.path("id").stringValue();
            IndicatorCatalog.Current indicator = e.getKey();
            IndicatorCatalog.Body body = found.bodies().get(indicator.id());
            ObjectNode payload = StixJson.MAPPER.createObjectNode();
            payload.set("sighting", sighting);
            // Everyone the sighting reaches may read the indicator (see reachingNoFurtherThanTheirIndicators).
            ObjectNode summary = payload.putObject("indicator");
            summary.put("id", indicator.id().toString());
            body.name().ifPresent(n -> summary.put("name", n));
            summary.put("pattern", body.pattern());
            notifier.publish("sighting", sightingId, "sighting", sightingLabel, sighting.toString());
            notifier.publish("alert", sightingId, "sighting", sightingLabel, payload.toString());
        }
    }

    /**
     * Observed-data that arrived by import or TAXII is correlated too, in the background, as whoever
     * stored it: sightings take the observed-data's label.
     */
    @TransactionalEventListener(fallbackExecution = true)
    void stored(IntelStored event) {
        if (event.relabel()) {
            return;
        }
        List<StoredVersion> observedData = null;
        Map<String, JsonNode> scos = null;
        for (StoredVersion v : event.versions()) {
            if ("observed-data".equals(v.type()) && v.json() != null && !intake.contains(v.id())) {
                if (observedData == null) {
                    observedData = new ArrayList<>();
                    scos = new HashMap<>();
                }
                observedData.add(v);
            }
        }
        if (observedData == null) {
            return;
        }
        for (StoredVersion v : event.versions()) {
            if (v.json() != null && !"observed-data".equals(v.type())) {
                scos.put(v.id(), v.json());
            }
        }
        List<StoredVersion> todo = observedData;
        Map<String, JsonNode> known = scos;
        imported.execute(() -> {
            // The observations first, then all their values looked up in one batch (the index overlaps their reads).
            List<StoredVersion> ods = new ArrayList<>(todo.size());
            List<Observation> observations = new ArrayList<>(todo.size());
            for (StoredVersion od : todo) {
                try {
                    observations.add(importedObservation(event.actor(), od, known));
                    ods.add(od);
                } catch (RuntimeException e) {
                    log.error("correlation of imported {} failed", od.id(), e);
                }
            }
            List<Candidates> candidates;
            try {
                candidates = catalog.candidates(observations);
            } catch (RuntimeException e) {
                log.error("correlation of {} imported observed-data failed", ods.size(), e);
                return;
            }
            for (int i = 0; i < ods.size(); i++) {
                try {
                    correlateImported(event.actor(), ods.get(i), observations.get(i), candidates.get(i));
                } catch (RuntimeException e) {
                    log.error("correlation of imported {} failed", ods.get(i).id(), e);
                }
            }
        });
    }

    private Observation importedObservation(Caller actor, StoredVersion od, Map<String, JsonNode> known) {
        Map<String, JsonNode> objects = new LinkedHashMap<>();
        if (od.json().path("objects").isObject()) {
            od.json().path("objects").properties().forEach(e -> objects.put(e.getKey(), e.getValue()));
        }
        for (JsonNode ref : od.json().path("object_refs")) {
            String id = ref.asString("");
            JsonNode sco = known.get(id);
            if (sco == null) {
                sco = StixId.tryParse(id).flatMap(s -> store.latest(actor, s)).map(s -> StixJson.MAPPER.readTree(s.json()))
                        .orElse(null);
            }
            if (sco != null) {
                objects.put(id, sco);
            }
        }
        return Submission.observation(od.json(), objects);
    }

    private void correlateImported(Caller actor, StoredVersion od, Observation observation, Candidates candidates) {
        Instant now = Instant.now();
        SharingLabel sightingLabel = new SharingLabel(actor.organisation(), actor.participant(), od.label().tlp(),
                od.label().audience());
        List<NotSighted> notSighted = new ArrayList<>();
        Found found = match(actor, List.of(observation), List.of(candidates), now)
                .reachingNoFurtherThanTheirIndicators(policy, policy.recipients(sightingLabel), notSighted);
        if (!notSighted.isEmpty()) {
            log.info("observed-data {}: {} match(es) not sighted, its audience reaches beyond the indicator's", od.id(), notSighted.size());
        }
        if (found.matched().isEmpty()) {
            return;
        }
        List<ObjectNode> toStore = new ArrayList<>();
        List<ObjectNode> sightings = sightings(actor, found, toStore, now);
        toStore.addAll(sightings);
        store(toStore, new ImportLabel(actor, Optional.of(od.label().tlp()), od.label().audience()));
        announce(found, sightings, sightingLabel);
    }

    /**
     * For the status endpoint: the catalog as {@code caller} may know it. The load state and how far it got
     * (a percentage), and the current and the unparsable indicators whose label the caller may read: what
     * the caller may not read is not counted (its existence never shows, not even as a number).
     */
    public Map<String, Object> status(Caller caller) {
        var s = catalog.counts(label -> policy.decide(caller, label).allowed());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("catalog", s.state().name().toLowerCase(java.util.Locale.ROOT));
        out.put("loaded_percent", s.loadedPercent());
        out.put("indicators", s.indicators());
        out.put("unparsable", s.unparsable());
        return out;
    }
}
