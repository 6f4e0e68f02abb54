package org.entente.briefing.web;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.entente.briefing.Briefings;
import org.entente.community.Caller;
import org.entente.community.RequiresPermission;
import org.entente.stix.StixJson;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.servlet.HandlerMapping;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Briefings of a task force. Only users of its member participants reach them; anyone else gets 404,
 * exactly as for a task force that does not exist.
 */
@RestController
@RequestMapping("/api/v1/task-forces/{taskForce}/briefings")
class BriefingsController {

    private static final MediaType STIX = MediaType.parseMediaType("application/stix+json;version=2.1");
    private final Briefings briefings;

    BriefingsController(Briefings briefings) {
        this.briefings = briefings;
    }

    /** Generates a briefing now: 201 with it, or 204 when nothing is new (no briefing is produced). */
    @RequiresPermission("intel.publish")
    @PostMapping
    ResponseEntity<Map<String, Object>> generate(@PathVariable long taskForce, Caller caller) {
        return briefings.generate(caller, taskForce)
                .map(b -> ResponseEntity.status(HttpStatus.CREATED)
                        .header("Location", "/api/v1/task-forces/" + taskForce + "/briefings/" + b.id()).body(view(b)))
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    @RequiresPermission("intel.read")
    @GetMapping
    Map<String, Object> list(@PathVariable long taskForce, Caller caller) {
        List<Map<String, Object>> items = briefings.list(caller, taskForce).stream().map(BriefingsController::view).toList();
        return Map.of("briefings", items, "count", items.size());
    }

    /** The briefing's STIX report (JSON), its HTML or its PDF, as the Accept header asks. */
    @RequiresPermission("intel.read")
    @GetMapping(value = "/{id}", produces = {MediaType.APPLICATION_JSON_VALUE, "application/stix+json"})
    ResponseEntity<String> report(@PathVariable long taskForce, @PathVariable long id, Caller caller) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(briefings.reportJson(caller, taskForce, id));
    }

    @RequiresPermission("intel.read")
    @GetMapping(value = "/{id}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> html(@PathVariable long taskForce, @PathVariable long id, Caller caller) {
        String html = briefings.html(caller, taskForce, id);
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Security-Policy", "default-src 'none'; style-src '" + briefings.styleHash()
                        + "'; img-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none';"
                        + " frame-ancestors 'none'")
                .body(html);
    }

    @RequiresPermission("intel.read")
    @GetMapping(value = "/{id}", produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> pdf(@PathVariable long taskForce, @PathVariable long id, Caller caller) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header("Content-Disposition", "inline; filename=\"briefing-" + taskForce + "-" + id + ".pdf\"")
                .body(briefings.pdf(caller, taskForce, id));
    }

    /** {@code {"every": "P7D", "first"?: "2026-01-05T08:00:00Z"}}: a briefing every period, the first at {@code first}. */
    @RequiresPermission("intel.publish")
    @PutMapping("/schedule")
    Map<String, Object> setSchedule(@PathVariable long taskForce, InputStream body, Caller caller) throws IOException {
        JsonNode json;
        try {
            json = StixJson.MAPPER.readTree(body.readAllBytes());
        } catch (JacksonException e) {
            throw new Briefings.InvalidInput("", "the body is not JSON: {\"every\": \"P7D\", \"first\"?: \"2026-01-05T08:00:00Z\"}");
        }
        if (json == null || !json.isObject()) {
            throw new Briefings.InvalidInput("", "the body must be a JSON object: {\"every\": \"P7D\", \"first\"?: \"2026-01-05T08:00:00Z\"}");
        }
        Duration every;
        Instant first = null;
        JsonNode e = json.path("every");
        if (!e.isString()) {
            throw new Briefings.InvalidInput("/every", "required: an ISO-8601 duration such as P7D");
        }
        try {
            every = Duration.parse(e.asString());
        } catch (java.time.format.DateTimeParseException | ArithmeticException x) {
            throw new Briefings.InvalidInput("/every", "an ISO-8601 duration such as P7D");
        }
        JsonNode f = json.path("first");
        if (!f.isMissingNode() && !f.isNull()) {
            try {
                if (!f.isString()) {
                    throw new java.time.format.DateTimeParseException("not a string", "", 0);
                }
                first = Instant.parse(f.asString());
            } catch (java.time.format.DateTimeParseException x) {
                throw new Briefings.InvalidInput("/first", "a timestamp such as 2026-01-05T08:00:00Z");
            }
        }
        return schedule(briefings.setSchedule(caller, taskForce, every, first));
    }

    @RequiresPermission("intel.read")
    @GetMapping("/schedule")
    ResponseEntity<Map<String, Object>> schedule(@PathVariable long taskForce, Caller caller) {
        return briefings.schedule(caller, taskForce).map(s -> ResponseEntity.ok(schedule(s)))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    private static Map<String, Object> schedule(Briefings.Schedule s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task_force", s.taskForce());
        out.put("every", s.every().toString());
        out.put("next_due", s.nextDue().toString());
        out.put("set_by", s.setBy());
        return out;
    }

    private static Map<String, Object> view(Briefings.Briefing b) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", b.id());
        out.put("task_force", b.taskForce());
        out.put("report_id", b.reportId());
        out.put("period_start", b.periodStart().toString());
        out.put("period_end", b.periodEnd().toString());
        out.put("created", b.createdAt().toString());
        out.put("created_by", b.createdBy());
        out.put("trigger", b.trigger());
        out.put("object_count", b.objectCount());
        out.put("counts", b.counts());
        return out;
    }

    /**
     * 404 whatever the Accept header: the handler may have been chosen for {@code application/pdf} or
     * {@code text/html}; the producible types of that mapping are cleared so the problem is written as
     * problem+json instead of turning into a 406 (which would tell a non-member the briefing exists).
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> notFound(Briefings.NotFound e, HttpServletRequest request) {
        request.removeAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE);
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e, HttpServletRequest request) {
        request.removeAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE);
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Invalid briefing request");
        if (e instanceof Briefings.InvalidInput i) {
            p.setProperty("pointer", i.pointer());
        }
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
