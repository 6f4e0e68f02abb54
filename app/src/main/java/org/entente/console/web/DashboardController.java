package org.entente.console.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.entente.briefing.Briefings;
import org.entente.community.AuthenticatedEndpoint;
import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Permission;
import org.entente.coordination.Commitments;
import org.entente.federation.FederationHealth;
import org.entente.intel.StixStore;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The home page: what is new in the caller's audience, live alerts and sightings (the stream, read by
 * {@code /assets/live.js}), briefings due for the caller's task forces, federation health and
 * commitments at risk. Each section is shown only with its permission, and each reads through its
 * module's API for this caller, so it contains only what the sharing policy lets them see.
 */
@Controller
class DashboardController {

    static final int NEW_INTEL = 10;
    /** A commitment is "at risk" when it is open and overdue, or due within this many days. */
    static final int AT_RISK_DAYS = 14;

    record BriefingDue(long taskForce, String name, Instant nextDue, Instant lastBriefing, boolean overdue) {
    }

    record AtRisk(long id, String participant, String text, String due, String status, boolean overdue) {
    }

    private final StixStore store;
    private final Community community;
    private final Briefings briefings;
    private final Commitments commitments;
    private final FederationHealth federation;

    DashboardController(StixStore store, Community community, Briefings briefings, Commitments commitments,
                        FederationHealth federation) {
        this.store = store;
        this.community = community;
        this.briefings = briefings;
        this.commitments = commitments;
        this.federation = federation;
    }

    @AuthenticatedEndpoint(because = "every section checks its own permission and reads through the sharing policy")
    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    String dashboard(Caller caller, Model model) {
        if (caller.has(Permission.INTEL_READ)) {
            model.addAttribute("newIntel", store.find(caller, StixStore.Query.newest(), NEW_INTEL, 0).stream()
                    .map(StixViews::summary).toList());
            model.addAttribute("briefingsDue", briefingsDue(caller));
        }
        if (caller.has(Permission.COORDINATION_READ)) {
            model.addAttribute("atRisk", atRisk(caller));
        }
        if (caller.has(Permission.FEDERATION_ADMIN)) {
            model.addAttribute("peers", federation.peers());
        }
        return "console/dashboard";
    }

    private List<BriefingDue> briefingsDue(Caller caller) {
        List<BriefingDue> out = new ArrayList<>();
        Instant now = Instant.now();
        for (TaskForceId id : caller.taskForces()) {
            Optional<Community.TaskForce> tf = community.taskForce(id);
            if (tf.isEmpty()) {
                continue;
            }
            Optional<Briefings.Schedule> schedule = briefings.schedule(caller, id.value());
            Instant last = briefings.list(caller, id.value()).stream().map(Briefings.Briefing::createdAt)
                    .max(Comparator.naturalOrder()).orElse(null);
            Instant next = schedule.map(Briefings.Schedule::nextDue).orElse(null);
            out.add(new BriefingDue(id.value(), tf.get().name(), next, last, next != null && next.isBefore(now)));
        }
        out.sort(Comparator.comparing(BriefingDue::nextDue, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(BriefingDue::name));
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<AtRisk> atRisk(Caller caller) {
        LocalDate soon = LocalDate.now().plus(AT_RISK_DAYS, ChronoUnit.DAYS);
        List<AtRisk> out = new ArrayList<>();
        for (Map<String, Object> c : commitments.list(caller, null, null)) {
            String status = String.valueOf(c.get("status"));
            if (status.equals("done") || status.equals("lapsed")) {
                continue;
            }
            LocalDate due = LocalDate.parse(String.valueOf(c.get("due")));
            boolean overdue = Boolean.TRUE.equals(c.get("overdue"));
            if (overdue || !due.isAfter(soon)) {
                Map<String, Object> participant = (Map<String, Object>) c.get("participant");
                out.add(new AtRisk(((Number) c.get("id")).longValue(), String.valueOf(participant.get("name")),
                        String.valueOf(c.get("text")), due.toString(), status, overdue));
            }
        }
        out.sort(Comparator.comparing(AtRisk::due));
        return out;
    }
}
