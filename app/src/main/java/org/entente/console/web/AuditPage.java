package org.entente.console.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.entente.audit.AuditAction;
import org.entente.audit.AuditEntry;
import org.entente.audit.AuditLog;
import org.entente.audit.Verification;
import org.entente.community.Caller;
import org.entente.community.RequiresPermission;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The audit viewer ({@code audit.read}): entries newest first, a page at a time, filtered by actor,
 * action, subject (a substring) and day range (UTC); and the chain's verification on request (it walks
 * the whole log, so it is not run on every page view): intact, or the first bad entry and why.
 */
@Controller
class AuditPage {

    static final int PAGE = 50;
    static final int MAX_DETAILS = 400;

    /** An entry as listed: its details as compact JSON text (shortened), its hash shortened. */
    record Row(long sequence, Instant at, String actor, String action, String subject, String details, String hash) {
    }

    private final AuditLog audit;

    AuditPage(AuditLog audit) {
        this.audit = audit;
    }

    @RequiresPermission("audit.read")
    @GetMapping(path = "/console/audit", produces = MediaType.TEXT_HTML_VALUE)
    String entries(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                   @RequestParam(required = false) String subject, @RequestParam(required = false) String from,
                   @RequestParam(required = false) String to, @RequestParam(required = false) String before,
                   Caller caller, Model model) {
        fill(model, actor, action, subject, from, to, before);
        return "console/audit";
    }

    @RequiresPermission("audit.read")
    @GetMapping(path = "/console/audit/verification", produces = MediaType.TEXT_HTML_VALUE)
    String verification(@RequestHeader(name = "HX-Request", required = false) String htmx, Caller caller, Model model) {
        model.addAttribute("verification", audit.verify());
        model.addAttribute("verifiedAt", Instant.now());
        if (htmx != null) {
            return "console/audit :: verification";
        }
        fill(model, null, null, null, null, null, null);
        return "console/audit";
    }

    private void fill(Model model, String actor, String action, String subject, String from, String to, String before) {
        String actorFilter = ConsolePages.text(actor, 200);
        String actionFilter = ConsolePages.text(action, 64);
        if (actionFilter != null && Arrays.stream(AuditAction.values()).noneMatch(a -> a.name().equals(actionFilter))) {
            throw ConsolePageException.badRequest("action must be one of the listed audit actions");
        }
        String subjectFilter = ConsolePages.text(subject, 200);
        LocalDate fromDay = day(from, "from");
        LocalDate toDay = day(to, "to");
        Long beforeSeq = null;
        if (ConsolePages.text(before, 20) != null) {
            try {
                beforeSeq = Long.parseLong(before.strip());
            } catch (NumberFormatException e) {
                throw ConsolePageException.badRequest("before must be an entry's sequence number");
            }
        }
        AuditLog.Filter filter = new AuditLog.Filter(actorFilter, actionFilter, subjectFilter,
                fromDay == null ? null : fromDay.atStartOfDay(ZoneOffset.UTC).toInstant(),
                toDay == null ? null : toDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        List<AuditEntry> found = audit.search(filter, beforeSeq, PAGE + 1);
        boolean more = found.size() > PAGE;
        List<Row> rows = found.stream().limit(PAGE).map(AuditPage::row).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("more", more);
        model.addAttribute("actions", Arrays.stream(AuditAction.values()).map(Enum::name).toList());
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("actor", actorFilter);
        filters.put("action", actionFilter);
        filters.put("subject", subjectFilter);
        filters.put("from", fromDay == null ? null : fromDay.toString());
        filters.put("to", toDay == null ? null : toDay.toString());
        model.addAttribute("filters", filters);
        model.addAttribute("filtered", filters.values().stream().anyMatch(v -> v != null));
        model.addAttribute("before", beforeSeq);
        model.addAttribute("nextBefore", more && !rows.isEmpty() ? rows.getLast().sequence() : null);
    }

    private static LocalDate day(String value, String name) {
        String v = ConsolePages.text(value, 10);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw ConsolePageException.badRequest(name + " must be a date such as 2026-11-22");
        }
    }

    private static Row row(AuditEntry e) {
        String details = e.details() == null ? "" : e.details().toString();
        if (details.length() > MAX_DETAILS) {
            details = details.substring(0, MAX_DETAILS - 1) + "…";
        }
        return new Row(e.sequence(), e.at(), e.actor(), e.action(), e.subject(), details, e.hash().substring(0, 12) + "…");
    }

    /** For the template: whether a verification result is intact. */
    static boolean intact(Verification v) {
        return v.intact();
    }
}
