package org.entente.intel.web;

import org.entente.node.BadParameterException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.entente.community.RequiresPermission;
import java.util.Optional;

import org.entente.community.Caller;
import org.entente.intel.ImportLabel;
import org.entente.intel.ImportSummary;
import org.entente.intel.StixStore;
import org.entente.intel.StoredObject;
import org.entente.stix.BundleWriter;
import org.entente.stix.StixId;
import org.entente.stix.StixTimestamp;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import jakarta.servlet.http.HttpServletResponse;

/** The STIX store over HTTP: import, read by id (one version or all), search and export. */
@RestController
@RequestMapping("/api/v1")
class ObjectsController {

    static final MediaType STIX = MediaType.parseMediaType("application/stix+json;version=2.1");

    private final StixStore store;

    ObjectsController(StixStore store) {
        this.store = store;
    }

    /**
     * Streams the request body into the store. Malformed JSON ends the import with 400 and a problem
     * detail that names line and column and still carries the counts of what was stored before it.
     */
    @RequiresPermission("intel.write")
    @PostMapping(path = "/objects", consumes = {"application/json", "application/stix+json", "application/octet-stream", "*/*"})
    ResponseEntity<?> importObjects(InputStream body, Caller caller,
                                    @RequestParam(required = false) String tlp,
                                    @RequestParam(defaultValue = "own-organisation") String audience,
                                    @RequestParam(name = "task_force", required = false) Long taskForce,
                                    @RequestParam(required = false) List<Long> participants,
                                    @RequestParam(required = false) List<Long> organisations) {
        ImportLabel label = new ImportLabel(caller, tlp == null ? Optional.empty() : Optional.of(SharingRequests.tlp(tlp)),
                SharingRequests.audience(audience, taskForce, participants, organisations));
        ImportSummary summary = store.ingest(body, label);
        if (summary.failure().isPresent()) {
            var failure = summary.failure().get();
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, failure.message());
            problem.setTitle("Malformed input");
            problem.setProperty("line", failure.line());
            problem.setProperty("column", failure.column());
            problem.setProperty("summary", summary);
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        return ResponseEntity.ok(summary);
    }

    /**
     * One object: the latest version, a given version ({@code ?version=<modified>}), or every version as
     * a bundle ({@code ?version=all}, oldest first).
     */
    @RequiresPermission("intel.read")
    @GetMapping("/objects/{id}")
    ResponseEntity<?> object(@PathVariable String id, @RequestParam(required = false) String version, Caller caller) {
        StixId stixId = StixId.tryParse(id).orElseThrow(() -> new NotFoundException(id));
        if ("all".equals(version)) {
            List<StoredObject> all = store.versions(caller, stixId);
            if (all.isEmpty()) {
                throw new NotFoundException(id);
            }
            StringBuilder bundle = new StringBuilder("{\"type\":\"bundle\",\"id\":\"bundle--")
                    .append(java.util.UUID.randomUUID()).append("\",\"objects\":[");
            for (int i = 0; i < all.size(); i++) {
                bundle.append(i == 0 ? "" : ",").append(all.get(i).json());
            }
            return ResponseEntity.ok().contentType(STIX).body(bundle.append("]}").toString());
        }
        StoredObject found = (version == null ? store.latest(caller, stixId)
                : store.version(caller, stixId, StixTimestamp.tryParse(version).orElseThrow(() ->
                        new BadParameterException("version", "must be 'all' or an RFC 3339 timestamp ending in Z"))))
                .orElseThrow(() -> new NotFoundException(id));
        return ResponseEntity.ok()
                .contentType(STIX)
                .header("X-Entente-Date-Added", found.dateAdded().toString())
                .body(found.json());
    }

    /** Latest versions by type and text (name or description, case-insensitive). */
    @RequiresPermission("intel.read")
    @GetMapping("/objects")
    ResponseEntity<String> search(@RequestParam(required = false) List<String> type,
                                  @RequestParam(required = false) String q,
                                  @RequestParam(defaultValue = "100") int limit,
                                  @RequestParam(defaultValue = "0") int offset, Caller caller) {
        if (limit < 1 || limit > 1000) {
            throw new BadParameterException("limit", "must be between 1 and 1000");
        }
        if (offset < 0) {
            throw new BadParameterException("offset", "must not be negative");
        }
        List<StoredObject> found = store.search(caller, type == null ? List.of() : type, q, limit, offset);
        StringBuilder json = new StringBuilder("{\"objects\":[");
        for (int i = 0; i < found.size(); i++) {
            json.append(i == 0 ? "" : ",").append(found.get(i).json());
        }
        json.append("],\"more\":").append(found.size() == limit).append('}');
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.toString());
    }

    /**
     * Every stored version matching the filters as one bundle, in the order they were added. Written
     * straight to the response from a database cursor (a virtual thread blocks cheaply), so an export
     * of any size holds one fetch of rows in memory and is never cut by an async-request timeout.
     */
    @RequiresPermission("intel.read")
    @GetMapping("/export")
    void export(@RequestParam(required = false) List<String> type, @RequestParam(required = false) String since,
                Caller caller, HttpServletResponse response) throws IOException {
        Instant addedSince = null;
        if (since != null) {
            try {
                addedSince = Instant.parse(since);
            } catch (DateTimeParseException e) {
                throw new BadParameterException("since", "must be an RFC 3339 timestamp, e.g. 2025-06-26T00:00:00Z");
            }
        }
        response.setContentType(STIX.toString());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"entente-export.json\"");
        // No try-with-resources: if the export fails midway, the bundle must stay unterminated so the
        // client sees invalid JSON (and a cut connection) rather than a well-formed but partial bundle.
        BundleWriter w = new BundleWriter(response.getOutputStream());
        store.export(caller, type == null ? List.of() : type, addedSince, w::writeRaw);
        w.close();
    }

    /** How many objects the caller can see matching type and text. */
    @RequiresPermission("intel.read")
    @GetMapping("/objects/count")
    java.util.Map<String, Long> count(@RequestParam(required = false) List<String> type,
                                      @RequestParam(required = false) String q, Caller caller) {
        return java.util.Map.of("count", store.count(caller, type == null ? List.of() : type, q));
    }

    /** The relationships and sightings of an object that lead to objects the caller can see. */
    @RequiresPermission("intel.read")
    @GetMapping("/objects/{id}/relationships")
    ResponseEntity<String> relationships(@PathVariable String id, Caller caller) {
        StixId stixId = StixId.tryParse(id).orElseThrow(() -> new NotFoundException(id));
        if (store.latest(caller, stixId).isEmpty()) {
            throw new NotFoundException(id);
        }
        List<StoredObject> edges = store.relationships(caller, stixId);
        StringBuilder json = new StringBuilder("{\"objects\":[");
        for (int i = 0; i < edges.size(); i++) {
            json.append(i == 0 ? "" : ",").append(edges.get(i).json());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.append("]}").toString());
    }

    /** Changes who an object is shared with; answers who now receives it. */
    @RequiresPermission("intel.share")
    @PutMapping("/objects/{id}/sharing")
    java.util.Map<String, Object> share(@PathVariable String id, @RequestBody SharingRequests.Share request, Caller caller) {
        StixId stixId = StixId.tryParse(id).orElseThrow(() -> new NotFoundException(id));
        return switch (store.share(caller, stixId, SharingRequests.tlp(request.tlp()), request.audience().toAudience())) {
            case StixStore.ShareOutcome.NotFound nf -> throw new NotFoundException(id);
            case StixStore.ShareOutcome.Shared shared -> java.util.Map.of(
                    "recipients", shared.recipients().stream().map(o -> o.value()).toList(),
                    "widened", shared.widened());
        };
    }
}
