package org.entente.console.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.entente.community.Caller;
import org.entente.community.RequiresPermission;
import org.entente.osint.ConflictView;
import org.entente.intel.StixStore;
import org.entente.osint.Osint;
import org.entente.stix.StixId;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The OSINT inbox: event groups, the newest articles (with how many near-duplicate copies each has),
 * the entities they name, and conflicting claims; an article (text, entities, claims, copies), an
 * event, and a conflict with its claims side by side, grouped by value, each with its source and the
 * quoted passage. Everything through the OSINT module's reads for this caller: an article outside
 * their audience does not exist here, and a conflict whose sides they cannot all read is not shown.
 */
@Controller
class OsintPage {

    static final int ARTICLES = 25;
    static final int EVENTS = 20;
    static final int ENTITIES = 30;
    static final List<String> KINDS = List.of("person", "country", "organisation", "place");

    /** One side of a conflict: a value and the claims that give it. */
    record Side(String value, List<ConflictView.ClaimView> claims) {
    }

    /** A conflict as listed: what it is about and its distinct values, in the order the claims give them. */
    record ConflictRow(UUID id, String subjectName, String predicate, boolean internal, List<String> values, long sources) {
        static ConflictRow of(ConflictView c) {
            return new ConflictRow(c.id(), c.subjectName(), c.predicate().replace('-', ' '), c.internal(),
                    c.claims().stream().map(ConflictView.ClaimView::value).distinct().toList(),
                    c.claims().stream().map(ConflictView.ClaimView::source).distinct().count());
        }
    }

    private final Osint osint;
    private final StixStore store;

    OsintPage(Osint osint, StixStore store) {
        this.osint = osint;
        this.store = store;
    }

    /** The entity rows with {@code linkable}: whether this reader may open the entity's STIX object (else no link). */
    private List<Map<String, Object>> linkable(Caller caller, List<Map<String, Object>> entities) {
        return entities.stream().map(e -> {
            Map<String, Object> row = new LinkedHashMap<>(e);
            Object id = e.get("stix_id");
            row.put("linkable", id instanceof String s && StixId.tryParse(s).flatMap(x -> store.latest(caller, x)).isPresent());
            return row;
        }).toList();
    }

    static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ConsolePageException.notFound();
        }
    }

    @SuppressWarnings("unchecked")
    @RequiresPermission("intel.read")
    @GetMapping(path = "/console/osint", produces = MediaType.TEXT_HTML_VALUE)
    String inbox(@RequestParam(required = false) String page, @RequestParam(required = false) String kind,
                 @RequestParam(required = false) String q, Caller caller, Model model) {
        int p = 0;
        if (page != null && !page.isBlank()) {
            try {
                p = Integer.parseInt(page.strip());
            } catch (NumberFormatException e) {
                throw ConsolePageException.badRequest("page must be a number");
            }
            if (p < 0 || p > 10_000) {
                throw ConsolePageException.badRequest("page must be between 0 and 10000");
            }
        }
        String k = ConsolePages.text(kind, 20);
        if (k != null && !KINDS.contains(k)) {
            throw ConsolePageException.badRequest("kind must be person, country, organisation or place");
        }
        String text = ConsolePages.text(q, 100);
        List<Map<String, Object>> articles = osint.articles(caller, Optional.empty(), ARTICLES + 1, p * ARTICLES);
        boolean more = articles.size() > ARTICLES;
        List<Map<String, Object>> shown = new ArrayList<>();
        List<Map<String, Object>> duplicates = new ArrayList<>();
        for (Map<String, Object> a : articles.stream().limit(ARTICLES).toList()) {
            Map<String, Object> row = new LinkedHashMap<>(a);
            List<Map<String, Object>> copies = osint.article(caller, (UUID) a.get("id"))
                    .map(full -> (List<Map<String, Object>>) full.getOrDefault("copies", List.of())).orElse(List.of());
            row.put("copies", copies.size());
            shown.add(row);
            for (Map<String, Object> c : copies) {
                Map<String, Object> d = new LinkedHashMap<>(c);
                d.put("original", a);
                duplicates.add(d);
            }
        }
        model.addAttribute("articles", shown);
        model.addAttribute("duplicates", duplicates);
        model.addAttribute("page", p);
        model.addAttribute("more", more);
        model.addAttribute("events", osint.events(caller, EVENTS, 0));
        model.addAttribute("entities", linkable(caller,
                osint.entities(caller, Optional.empty(), Optional.ofNullable(k), Optional.ofNullable(text), ENTITIES, 0)));
        model.addAttribute("kinds", KINDS);
        model.addAttribute("kind", k);
        model.addAttribute("q", text);
        model.addAttribute("conflicts", osint.conflicts(caller, Optional.empty()).stream().map(ConflictRow::of).toList());
        return "console/osint";
    }

    @RequiresPermission("intel.read")
    @GetMapping(path = "/console/osint/articles/{id}", produces = MediaType.TEXT_HTML_VALUE)
    String article(@PathVariable String id, Caller caller, Model model) {
        Map<String, Object> a = osint.article(caller, uuid(id)).orElseThrow(ConsolePageException::notFound);
        model.addAttribute("article", a);
        model.addAttribute("copy", a.get("duplicate_of") != null);
        return "console/osint-article";
    }

    @RequiresPermission("intel.read")
    @GetMapping(path = "/console/osint/events/{id}", produces = MediaType.TEXT_HTML_VALUE)
    String event(@PathVariable String id, Caller caller, Model model) {
        model.addAttribute("event", osint.event(caller, uuid(id)).orElseThrow(ConsolePageException::notFound));
        return "console/osint-event";
    }

    @RequiresPermission("intel.read")
    @GetMapping(path = "/console/osint/conflicts/{id}", produces = MediaType.TEXT_HTML_VALUE)
    String conflict(@PathVariable String id, Caller caller, Model model) {
        ConflictView c = osint.conflict(caller, uuid(id)).orElseThrow(ConsolePageException::notFound);
        Map<String, List<ConflictView.ClaimView>> byValue = new LinkedHashMap<>();
        c.claims().forEach(claim -> byValue.computeIfAbsent(claim.comparable(), v -> new ArrayList<>()).add(claim));
        model.addAttribute("conflict", c);
        model.addAttribute("sides", byValue.values().stream().map(l -> new Side(l.getFirst().value(), l)).toList());
        model.addAttribute("sources", c.claims().stream().map(ConflictView.ClaimView::source).distinct().count());
        return "console/osint-conflict";
    }
}
