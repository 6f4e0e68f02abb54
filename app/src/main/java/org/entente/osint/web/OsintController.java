package org.entente.osint.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.entente.community.Caller;
import org.entente.community.RequiresPermission;
import org.entente.node.BadParameterException;
import org.entente.osint.ArticleRejected;
import org.entente.osint.ConflictView;
import org.entente.osint.IngestResult;
import org.entente.osint.Osint;
import org.entente.osint.Upload;
import org.entente.sharing.AudienceRequests;
import org.entente.stix.Tlp;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Open-source articles over HTTP: upload a page; list articles, events, conflicts and entities. Uploading is
 * writing intelligence ({@code intel.write}; an audience beyond the uploader's organisation also needs
 * {@code intel.publish}); reading is reading intelligence ({@code intel.read}), within the caller's audience, where
 * anything outside it answers 404 like something that does not exist.
 */
@RestController
@RequestMapping("/api/v1/osint")
class OsintController {

    private final Osint osint;

    OsintController(Osint osint) {
        this.osint = osint;
    }

    /**
     * The body is the page's bytes ({@code text/html}, {@code text/plain} or {@code application/gzip}). {@code tlp}
     * and {@code audience} (with {@code task_force}, {@code participants}, {@code organisations}) label the
     * intelligence as for an import. 201: a new article; 200: a near-duplicate of an article the caller can read.
     */
    @RequiresPermission("intel.write")
    @PostMapping(path = "/articles", consumes = "*/*")
    ResponseEntity<Map<String, Object>> upload(InputStream body, Caller caller,
                                               @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
                                               @RequestParam(required = false) String source,
                                               @RequestParam(required = false) String url,
                                               @RequestParam(required = false) String tlp,
                                               @RequestParam(defaultValue = "own-organisation") String audience,
                                               @RequestParam(name = "task_force", required = false) Long taskForce,
                                               @RequestParam(required = false) List<Long> participants,
                                               @RequestParam(required = false) List<Long> organisations) throws IOException {
        if (source == null || source.isBlank()) {
            throw new BadParameterException("source", "is required: the page's file name or URL");
        }
        Tlp level = tlp == null ? Tlp.AMBER : Tlp.byLabel(tlp).orElseThrow(() ->
                new BadParameterException("tlp", "must be clear, green, amber, amber+strict or red, not '" + tlp + "'"));
        var who = AudienceRequests.audience(audience, taskForce, participants, organisations, "audience");
        // Read one byte past the limit, so a too-large body is refused without holding all of it.
        byte[] content = body.readNBytes(Osint.MAX_BYTES + 1);
        if (content.length > Osint.MAX_BYTES) {
            throw new ArticleRejected(ArticleRejected.Reason.TOO_LARGE, "body", "is larger than " + Osint.MAX_BYTES + " bytes");
        }
        IngestResult result = osint.ingest(caller, new Upload(content, contentType, source, Optional.ofNullable(url).filter(u -> !u.isBlank()),
                level, who, Optional.empty()));
        Map<String, Object> out = new LinkedHashMap<>();
        return switch (result) {
            case IngestResult.Created c -> {
                out.put("article", c.article());
                out.put("report", c.report());
                out.put("event", c.event());
                out.put("entities", c.entities());
                out.put("new_conflicts", c.newConflicts().stream().map(OsintController::conflict).toList());
                yield ResponseEntity.status(HttpStatus.CREATED)
                        .header(HttpHeaders.LOCATION, "/api/v1/osint/articles/" + c.article()).body(out);
            }
            case IngestResult.Duplicate d -> {
                out.put("article", d.article());
                out.put("duplicate_of", d.duplicateOf());
                out.put("containment", Math.round(d.containment() * 1000) / 1000.0);
                yield ResponseEntity.ok(out);
            }
        };
    }

    @RequiresPermission("intel.read")
    @GetMapping("/articles")
    Map<String, Object> articles(Caller caller, @RequestParam(required = false) String event,
                                 @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
        page(limit, offset);
        List<Map<String, Object>> found = osint.articles(caller, Optional.ofNullable(event).map(e -> uuid("event", e)), limit, offset);
        return Map.of("articles", found, "more", found.size() == limit);
    }

    @RequiresPermission("intel.read")
    @GetMapping("/articles/{id}")
    Map<String, Object> article(@PathVariable String id, Caller caller) {
        return osint.article(caller, idOr404(id)).orElseThrow(NotFound::new);
    }

    @RequiresPermission("intel.read")
    @GetMapping("/events")
    Map<String, Object> events(Caller caller, @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
        page(limit, offset);
        List<Map<String, Object>> found = osint.events(caller, limit, offset);
        return Map.of("events", found, "more", found.size() == limit);
    }

    @RequiresPermission("intel.read")
    @GetMapping("/events/{id}")
    Map<String, Object> event(@PathVariable String id, Caller caller) {
        Map<String, Object> event = new LinkedHashMap<>(osint.event(caller, idOr404(id)).orElseThrow(NotFound::new));
        @SuppressWarnings("unchecked")
        List<ConflictView> conflicts = (List<ConflictView>) event.get("conflicts");
        event.put("conflicts", conflicts.stream().map(OsintController::conflict).toList());
        return event;
    }

    @RequiresPermission("intel.read")
    @GetMapping("/conflicts")
    Map<String, Object> conflicts(Caller caller, @RequestParam(required = false) String event) {
        return Map.of("conflicts", osint.conflicts(caller, Optional.ofNullable(event).map(e -> uuid("event", e))).stream()
                .map(OsintController::conflict).toList());
    }

    @RequiresPermission("intel.read")
    @GetMapping("/conflicts/{id}")
    Map<String, Object> conflict(@PathVariable String id, Caller caller) {
        return conflict(osint.conflict(caller, idOr404(id)).orElseThrow(NotFound::new));
    }

    @RequiresPermission("intel.read")
    @GetMapping("/entities")
    Map<String, Object> entities(Caller caller, @RequestParam(required = false) String kind, @RequestParam(required = false) String q,
                                 @RequestParam(required = false) String event,
                                 @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
        page(limit, offset);
        if (kind != null && !List.of("country", "organisation", "place", "person").contains(kind)) {
            throw new BadParameterException("kind", "must be country, organisation, place or person");
        }
        List<Map<String, Object>> found = osint.entities(caller, Optional.ofNullable(event).map(e -> uuid("event", e)),
                Optional.ofNullable(kind), Optional.ofNullable(q).filter(s -> !s.isBlank()), limit, offset);
        return Map.of("entities", found, "more", found.size() == limit);
    }

    static Map<String, Object> conflict(ConflictView c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("event", c.event());
        m.put("subject", c.subject());
        m.put("subject_name", c.subjectName());
        m.put("predicate", c.predicate());
        m.put("internal", c.internal());
        Map<String, List<Map<String, Object>>> values = new LinkedHashMap<>();
        for (ConflictView.ClaimView cl : c.claims()) {
            Map<String, Object> claim = new LinkedHashMap<>();
            claim.put("article", cl.article());
            claim.put("source", cl.source());
            claim.put("value", cl.value());
            claim.put("basis", cl.basis());
            claim.put("quote", cl.quote());
            claim.put("start", cl.start());
            claim.put("end", cl.end());
            values.computeIfAbsent(cl.comparable(), k -> new java.util.ArrayList<>()).add(claim);
        }
        m.put("values", values);
        m.put("sources", c.claims().stream().map(ConflictView.ClaimView::source).distinct().toList());
        return m;
    }

    private static void page(int limit, int offset) {
        if (limit < 1 || limit > 1000) {
            throw new BadParameterException("limit", "must be between 1 and 1000");
        }
        if (offset < 0) {
            throw new BadParameterException("offset", "must not be negative");
        }
    }

    private static UUID uuid(String parameter, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(parameter, "must be a UUID");
        }
    }

    /** A malformed id names nothing: 404, like an id outside the caller's audience. */
    private static UUID idOr404(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new NotFound();
        }
    }

    /** Nothing there, or nothing the caller may see: the same answer, which does not echo the id. */
    static final class NotFound extends RuntimeException {
        NotFound() {
            super("No such record.");
        }
    }
}
