package org.entente.osint;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.entente.community.Caller;
import org.entente.intel.IntelDeleted;
import org.entente.intel.IntelStored;
import org.entente.intel.StixStore;
import org.entente.intel.StoredVersion;
import org.entente.sharing.SharingLabel;
import org.entente.stix.StixId;
import org.entente.stix.StixJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import tools.jackson.databind.JsonNode;

/**
 * What the store tells the osint module, after each commit:
 * <ul>
 *   <li>a page that arrived as STIX (TAXII, import, federation): a {@code report} whose {@code object_refs} include an
 *   {@code artifact} with {@code mime_type} text/html or text/plain and a {@code payload_bin} is ingested like an
 *   upload, as whoever stored it, under the report's label (its source: the report's name; its URL: the artifact's or
 *   the report's first external reference's);</li>
 *   <li>a relabelled report: its article follows; so do the articles derived from the relabelled versions of a report
 *   that pages arrived in (and their reports);</li>
 *   <li>a deleted report: its article goes; so do the articles derived from the deleted versions of a report that
 *   pages arrived in (and their reports).</li>
 * </ul>
 * The work runs on one background thread: listeners run on the store's writer thread and must stay cheap.
 */
@Component
class StoreEvents {

    private static final Logger log = LoggerFactory.getLogger(StoreEvents.class);

    private final Osint osint;
    private final StixStore store;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("osint-inbox").factory());

    StoreEvents(Osint osint, StixStore store) {
        this.osint = osint;
        this.store = store;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void stored(IntelStored event) {
        if (event.relabel()) {
            List<StoredVersion> reports = event.versions().stream().filter(v -> "report".equals(v.type())).toList();
            if (!reports.isEmpty()) {
                Caller actor = event.actor();
                worker.execute(() -> {
                    reports.forEach(r -> run(() -> osint.reportRelabelled(r.id(), r.label())));
                    // Per origin, each relabelled version's label by version key: an article follows its own version.
                    Map<String, Map<String, SharingLabel>> byOrigin = new LinkedHashMap<>();
                    reports.forEach(r -> byOrigin.computeIfAbsent(r.id(), k -> new HashMap<>()).put(r.version(), r.label()));
                    byOrigin.forEach((origin, labels) -> run(() -> osint.originRelabelled(actor, origin, labels)));
                });
            }
            return;
        }
        // Cheap test first: only a batch with a page-carrying artifact can hold an article.
        Map<String, JsonNode> pages = new HashMap<>();
        List<StoredVersion> reports = new ArrayList<>();
        for (StoredVersion v : event.versions()) {
            if ("artifact".equals(v.type()) && v.json() != null && isPage(v.json())) {
                pages.put(v.id(), v.json());
            } else if ("report".equals(v.type())) {
                reports.add(v);
            }
        }
        if (pages.isEmpty() || reports.isEmpty()) {
            return;
        }
        Caller actor = event.actor();
        worker.execute(() -> {
            for (StoredVersion report : reports) {
                run(() -> ingest(actor, report, pages));
            }
        });
    }

    @TransactionalEventListener(fallbackExecution = true)
    void deleted(IntelDeleted event) {
        if ("report".equals(event.type())) {
            worker.execute(() -> {
                run(() -> osint.reportDeleted(event.id()));
                run(() -> osint.originDeleted(event.id(), event.versions()));
            });
        }
    }

    static boolean isPage(JsonNode artifact) {
        String mime = artifact.path("mime_type").asString("").split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return (mime.equals("text/html") || mime.equals("text/plain")) && artifact.path("payload_bin").isString();
    }

    private void ingest(Caller actor, StoredVersion reportVersion, Map<String, JsonNode> pages) {
        JsonNode report = store.latest(actor, StixId.parse(reportVersion.id()))
                .map(o -> StixJson.MAPPER.readTree(o.json())).orElse(null);
        if (report == null || report.has(OsintStix.ARTICLE_PROPERTY)) {
            return; // gone already, or one of ours
        }
        for (JsonNode ref : report.path("object_refs")) {
            JsonNode artifact = pages.get(ref.asString(""));
            if (artifact == null) {
                continue;
            }
            byte[] content;
            try {
                content = Base64.getDecoder().decode(artifact.path("payload_bin").asString());
            } catch (IllegalArgumentException e) {
                log.warn("artifact {} of report {}: payload_bin is not base64, not ingested", artifact.path("id").asString(), reportVersion.id());
                continue;
            }
            Optional<String> url = Optional.ofNullable(artifact.path("url").asString(null))
                    .or(() -> Optional.ofNullable(report.path("external_references").path(0).path("url").asString(null)));
            String source = url.orElse(report.path("name").asString(reportVersion.id()));
            Upload upload = new Upload(content, artifact.path("mime_type").asString(), source, url.filter(StoreEvents::httpUrl),
                    reportVersion.label().tlp(), reportVersion.label().audience(),
                    Optional.of(new Upload.OriginReport(reportVersion.id(), reportVersion.version())));
            IngestResult result = osint.ingest(actor, upload);
            log.info("report {}: page {} ingested as {}", reportVersion.id(), artifact.path("id").asString(), result);
        }
    }

    private static boolean httpUrl(String u) {
        String l = u.toLowerCase(Locale.ROOT);
        return l.startsWith("http://") || l.startsWith("https://");
    }

    private static void run(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.error("osint: handling a store event failed", e);
        }
    }
}
