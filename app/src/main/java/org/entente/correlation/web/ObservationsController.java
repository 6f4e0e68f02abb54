package org.entente.correlation.web;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.entente.community.Caller;
import org.entente.community.RequiresPermission;
import org.entente.correlation.Correlation;
import org.entente.correlation.InvalidSubmission;
import org.entente.correlation.Submission;
import org.entente.node.BadParameterException;
import org.entente.sharing.Audience;
import org.entente.sharing.AudienceRequests;
import org.entente.stix.StixJson;
import org.entente.stix.Tlp;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Observations in, matches and sightings out. */
@RestController
@RequestMapping("/api/v1")
class ObservationsController {

    /** A submission is read whole (it is matched as one); larger sets go through import, which correlates too. */
    static final int MAX_BYTES = 16 << 20;

    private final Correlation correlation;

    ObservationsController(Correlation correlation) {
        this.correlation = correlation;
    }

    /**
     * A STIX bundle of observed-data and SCOs, or {@code {"values": [...], "observed_at": ..., "sharing":
     * {"tlp": ..., "audience": {...}}}}. Sightings and the observations are stored under the request's
     * label (body {@code sharing}, else the query parameters as for import; default TLP:AMBER, own
     * organisation).
     */
    @RequiresPermission("intel.write")
    @PostMapping(path = "/observations", consumes = {"application/json", "application/stix+json", "*/*"})
    ResponseEntity<Map<String, Object>> submit(InputStream body, Caller caller,
                                               @RequestParam(required = false) String tlp,
                                               @RequestParam(required = false) String audience,
                                               @RequestParam(name = "task_force", required = false) Long taskForce,
                                               @RequestParam(required = false) List<Long> participants,
                                               @RequestParam(required = false) List<Long> organisations) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new InvalidSubmission("/", "larger than " + (MAX_BYTES >> 20) + " MB; import large sets with"
                    + " /api/v1/objects, which correlates observed-data too");
        }
        JsonNode json;
        try {
            json = StixJson.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            var where = e.getLocation();
            throw new InvalidSubmission("/", "malformed JSON" + (where == null ? "" : " at line " + where.getLineNr()
                    + ", column " + where.getColumnNr()));
        }
        if (json == null || json.isMissingNode()) {
            throw new InvalidSubmission("/", "the body is empty");
        }
        Instant now = Instant.now();
        boolean values = json.isObject() && json.has("values");
        var submission = values ? Submission.ofValues(json, now) : Submission.ofBundle(json, now);
        JsonNode sharing = values ? json.path("sharing") : json.path("__none__");
        Tlp level;
        Audience to;
        if (sharing.isObject()) {
            level = tlp(sharing.path("tlp").asString("amber"), "/sharing/tlp");
            JsonNode a = sharing.path("audience");
            to = a.isMissingNode() ? new Audience.OwnOrganisation()
                    : audience(a.path("kind").asString(null), taskForce(a),
                    longs(a.path("participants")), longs(a.path("organisations")), "/sharing/audience");
        } else {
            level = tlp == null ? Tlp.AMBER : tlp(tlp, "tlp");
            to = audience == null ? new Audience.OwnOrganisation()
                    : audience(audience, taskForce, participants, organisations, "audience");
        }
        Correlation.Result result = correlation.submit(caller, submission, level, to);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("catalog", result.catalog());
        answer.put("matches", result.matches().stream().map(m -> {
            Map<String, Object> indicator = new LinkedHashMap<>();
            indicator.put("id", m.indicatorId());
            m.name().ifPresent(n -> indicator.put("name", n));
            indicator.put("pattern", m.pattern());
            return Map.of("indicator", indicator, "observed_data_refs", m.observedDataRefs());
        }).toList());
        answer.put("sightings", result.sightings());
        answer.put("suppressed", result.suppressed().stream().map(s -> {
            Map<String, Object> hit = new LinkedHashMap<>();
            if (s.indicatorId() != null) {
                hit.put("indicator", s.indicatorId());
            }
            hit.put("type", s.type());
            hit.put("value", s.value());
            hit.put("list", s.list());
            hit.put("reason", s.reason());
            return hit;
        }).toList());
        answer.put("not_sighted", result.notSighted().stream().map(n -> Map.of("indicator", n.indicatorId(), "reason", n.reason())).toList());
        answer.put("counts", Map.of("observations", result.observations(), "matches", result.matches().size(),
                "sightings", result.sightings().size(), "suppressed", result.suppressed().size(),
                "not_sighted", result.notSighted().size()));
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
    }

    /**
     * How far the indicator catalog got (state and percentage), and how many indicators the caller may
     * read are indexed or do not parse (administrators only; never node-wide counts).
     */
    @RequiresPermission("community.admin")
    @GetMapping("/correlation")
    Map<String, Object> status(Caller caller) {
        return correlation.status(caller);
    }

    private static Long taskForce(JsonNode audience) {
        JsonNode tf = audience.has("taskForce") ? audience.path("taskForce") : audience.path("task_force");
        return tf.isNumber() ? Long.valueOf(tf.asLong()) : null;
    }

    private static List<Long> longs(JsonNode array) {
        if (!array.isArray()) {
            return null;
        }
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asLong).toList();
    }

    private static Tlp tlp(String value, String field) {
        return Tlp.byLabel(value).orElseThrow(() ->
                new BadParameterException(field, "must be clear, green, amber, amber+strict or red, not '" + value + "'"));
    }

    private static Audience audience(String kind, Long taskForce, List<Long> participants, List<Long> organisations,
                                     String field) {
        return AudienceRequests.audience(kind, taskForce, participants, organisations, field);
    }
}
