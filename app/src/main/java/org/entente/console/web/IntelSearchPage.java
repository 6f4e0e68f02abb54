package org.entente.console.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.RequiresPermission;
import org.entente.intel.StixStore;
import org.entente.node.BadParameterException;
import org.entente.stix.Tlp;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Search: text (name, description or exact id), type, TLP, owner participant and when it was stored.
 * The form works without JavaScript (a GET of the page); with htmx, typing or changing a filter swaps
 * only the results. Results and their count come from {@link StixStore#find} / {@link StixStore#count}
 * for the caller, so neither contains nor counts what they may not see.
 */
@Controller
class IntelSearchPage {

    static final int PAGE = 25;
    static final List<String> TYPES = List.of("attack-pattern", "campaign", "course-of-action", "grouping", "identity",
            "incident", "indicator", "infrastructure", "intrusion-set", "location", "malware", "malware-analysis", "note",
            "observed-data", "opinion", "report", "threat-actor", "tool", "vulnerability", "relationship", "sighting",
            "domain-name", "ipv4-addr", "ipv6-addr", "url", "email-addr", "file");

    record Filters(String q, List<String> type, List<String> tlp, Long participant, String from, String to, int page) {
        public String queryString(int toPage) {
            StringBuilder s = new StringBuilder();
            append(s, "q", q);
            type.forEach(t -> append(s, "type", t));
            tlp.forEach(t -> append(s, "tlp", t));
            append(s, "participant", participant == null ? null : participant.toString());
            append(s, "from", from);
            append(s, "to", to);
            append(s, "page", Integer.toString(toPage));
            return s.toString();
        }

        private static void append(StringBuilder s, String name, String value) {
            if (value != null && !value.isBlank()) {
                s.append(s.isEmpty() ? "?" : "&").append(name).append('=')
                        .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    private final StixStore store;
    private final Community community;

    IntelSearchPage(StixStore store, Community community) {
        this.store = store;
        this.community = community;
    }

    @RequiresPermission("intel.read")
    @GetMapping(path = "/console/intel", produces = MediaType.TEXT_HTML_VALUE)
    String search(Caller caller, Model model, @RequestParam(required = false) String q,
                  @RequestParam(required = false) List<String> type, @RequestParam(required = false) List<String> tlp,
                  @RequestParam(required = false) Long participant, @RequestParam(required = false) String from,
                  @RequestParam(required = false) String to, @RequestParam(defaultValue = "1") int page,
                  @RequestHeader(name = "HX-Request", required = false) String htmx) {
        Filters filters = new Filters(ConsolePages.text(q, 200), clean(type), clean(tlp), participant,
                ConsolePages.text(from, 10), ConsolePages.text(to, 10), Math.max(1, Math.min(page, 10_000)));
        StixStore.Query query = new StixStore.Query(filters.type(), filters.q(), tlps(filters.tlp()), participant,
                day("from", filters.from(), 0), day("to", filters.to(), 1), false);
        long total = store.count(caller, query);
        model.addAttribute("filters", filters);
        model.addAttribute("total", total);
        model.addAttribute("results", store.find(caller, query, PAGE, (filters.page() - 1) * PAGE).stream()
                .map(StixViews::summary).toList());
        model.addAttribute("pages", Math.max(1, (total + PAGE - 1) / PAGE));
        model.addAttribute("types", TYPES);
        model.addAttribute("tlps", List.of(Tlp.values()).stream().map(Tlp::label).toList());
        model.addAttribute("participants", community.participants());
        return htmx != null ? "console/intel-search :: results" : "console/intel-search";
    }

    private static List<String> clean(List<String> values) {
        if (values == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            if (v != null && !v.isBlank() && out.size() < 30) {
                out.add(v.strip());
            }
        }
        return new ArrayList<>(out);
    }

    private static Set<Tlp> tlps(List<String> labels) {
        Set<Tlp> out = new LinkedHashSet<>();
        for (String l : labels) {
            out.add(Tlp.byLabel(l).orElseThrow(() ->
                    new BadParameterException("tlp", "must be clear, green, amber, amber+strict or red")));
        }
        return out;
    }

    /** A date (yyyy-mm-dd) as the start of that day in UTC, plus {@code plusDays} (so "to" includes its day). */
    private static Instant day(String field, String value, int plusDays) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value).plusDays(plusDays).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameterException(field, "must be a date like 2025-06-26");
        }
    }
}
