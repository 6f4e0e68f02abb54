package org.entente.console.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Permission;
import org.entente.community.RequiresPermission;
import org.entente.correlation.Correlation;
import org.entente.correlation.InvalidSubmission;
import org.entente.correlation.Submission;
import org.entente.correlation.WarninglistRegistry;
import org.entente.intel.SharingRefused;
import org.entente.intel.StixStore;
import org.entente.intel.StoredObject;
import org.entente.intel.UnknownRecipient;
import org.entente.stix.StixId;
import org.entente.stix.StixJson;
import org.entente.stix.Tlp;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Correlation: recent sightings the caller may see (each raised an alert), live alerts, the
 * warninglists, and a form to submit observations, answered with matches, the sightings created, the
 * values a warninglist suppressed and matches not sighted (with the reason). Matching runs in
 * {@link Correlation#submit} for the caller: only indicators they may read can match.
 */
@Controller
class CorrelationPage {

    static final int RECENT = 20;
    static final int MAX_VALUES = 1000;

    /** A sighting line: the sighting, and its object only if the caller may see that object too. */
    record SightingRow(String id, String name, Instant dateAdded, String count, String ofId, String ofName,
                       String lastSeen) {
    }

    private final StixStore store;
    private final Correlation correlation;
    private final WarninglistRegistry warninglists;
    private final Community community;

    CorrelationPage(StixStore store, Correlation correlation, WarninglistRegistry warninglists, Community community) {
        this.store = store;
        this.correlation = correlation;
        this.warninglists = warninglists;
        this.community = community;
    }

    @RequiresPermission("intel.read")
    @GetMapping(path = "/console/correlation", produces = MediaType.TEXT_HTML_VALUE)
    String page(Caller caller, Model model) {
        List<SightingRow> rows = new ArrayList<>();
        StixStore.Query sightings = new StixStore.Query(List.of("sighting"), null, java.util.Set.of(), null, null, null, true);
        for (StoredObject s : store.find(caller, sightings, RECENT, 0)) {
            JsonNode body = StixViews.body(s);
            String of = body.path("sighting_of_ref").asString("");
            Optional<StoredObject> target = StixId.tryParse(of).flatMap(id -> store.latest(caller, id));
            rows.add(new SightingRow(s.id(), StixViews.displayName(body), s.dateAdded(), body.path("count").asString("1"),
                    target.map(StoredObject::id).orElse(null), target.map(t -> StixViews.summary(t).name()).orElse(null),
                    body.path("last_seen").asString("")));
        }
        model.addAttribute("sightings", rows);
        model.addAttribute("warninglists", warninglists.list());
        if (caller.has(Permission.INTEL_WRITE)) {
            model.addAttribute("canSubmit", true);
            SharePage.labelChoices(caller, community, model);
        }
        return "console/correlation";
    }

    @RequiresPermission("intel.write")
    @PostMapping(path = "/console/correlation/observations", produces = MediaType.TEXT_HTML_VALUE)
    String submit(@RequestParam(required = false) String values, @RequestParam(name = "observed_at", required = false) String observedAt,
                  LabelForm label, Caller caller, Model model) {
        ObjectNode body = StixJson.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("values");
        if (values != null) {
            values.lines().map(String::strip).filter(v -> !v.isEmpty()).limit(MAX_VALUES + 1L).forEach(list::add);
        }
        if (list.isEmpty()) {
            throw ConsolePageException.badRequest("Enter at least one value (an IP address, domain, URL, e-mail address or hash), one per line.");
        }
        if (list.size() > MAX_VALUES) {
            throw ConsolePageException.badRequest("At most " + MAX_VALUES + " values at a time; submit larger sets as a bundle with entente sight.");
        }
        if (observedAt != null && !observedAt.isBlank()) {
            body.put("observed_at", observedAt.strip());
        }
        Correlation.Result result;
        try {
            Submission submission = Submission.ofValues(body, Instant.now());
            result = correlation.submit(caller, submission, label.tlpOrDefault(Tlp.AMBER), label.toAudience());
        } catch (InvalidSubmission e) {
            // Pointers are /values/N: tell the person which line.
            String where = e.pointer().startsWith("/values/") ? "line " + (Integer.parseInt(e.pointer().substring(8)) + 1)
                    : e.pointer().equals("/observed_at") ? "observed at" : "the submission";
            throw ConsolePageException.badRequest("Check " + where + ": " + e.getMessage().substring(e.pointer().length() + 2));
        } catch (SharingRefused e) {
            throw new ConsolePageException(HttpStatus.FORBIDDEN, "Not submitted", e.getMessage() + ".");
        } catch (UnknownRecipient e) {
            throw ConsolePageException.badRequest("The chosen " + e.field().replace('_', ' ') + " does not exist.");
        }
        model.addAttribute("result", result);
        model.addAttribute("sightingIds", result.sightings().stream().map(s -> s.path("id").asString()).toList());
        return "console/correlation :: result";
    }
}
