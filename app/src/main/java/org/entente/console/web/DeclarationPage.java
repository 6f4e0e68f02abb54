package org.entente.console.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Permission;
import org.entente.community.RequiresPermission;
import org.entente.community.Tier;
import org.entente.coordination.CoordinationException;
import org.entente.coordination.DeclarationDocument;
import org.entente.coordination.Declarations;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletResponse;

/**
 * A joint declaration: its state, the text under decision, every full member's decision with its
 * signature status, support by observers and dialogue partners, revisions and history. A full member
 * holding {@code declaration.endorse} whose participant is in the circulation endorses or withholds
 * here (a form POST with the CSRF token; the module signs it with the participant's key). Once adopted,
 * the signed document is verified as {@code entente declaration verify} would, and the verdict shown.
 */
@Controller
class DeclarationPage {

    /** One full member's line in the decisions table. */
    record MemberDecision(String participant, String decision, String reason, String signedBy, String at, String keyId,
                          boolean signed) {
    }

    private final Declarations declarations;
    private final Community community;

    DeclarationPage(Declarations declarations, Community community) {
        this.declarations = declarations;
        this.community = community;
    }

    @RequiresPermission("coordination.read")
    @GetMapping(path = "/console/coordination/declarations/{id}", produces = MediaType.TEXT_HTML_VALUE)
    String declaration(@PathVariable String id, @RequestParam(required = false) String decided, Caller caller, Model model) {
        Map<String, Object> d = CoordinationCalls.read(() -> declarations.view(caller, id));
        fill(model, caller, d);
        if ("endorse".equals(decided) || "withhold".equals(decided)) {
            model.addAttribute("decided", decided);
        }
        return "console/coordination-declaration";
    }

    /**
     * The caller's participant endorses or withholds {@code version}. Success redirects to the page (so a
     * reload does not submit twice); a refusal (not circulating, not a member of the circulation, no
     * reason for withholding) shows the page again with the module's reason, as 409 or 400.
     */
    @RequiresPermission("declaration.endorse")
    @PostMapping(path = "/console/coordination/declarations/{id}/decision", produces = MediaType.TEXT_HTML_VALUE)
    String decide(@PathVariable String id, @RequestParam(required = false) String decision, @RequestParam(required = false) String version,
                  @RequestParam(required = false) String reason, Caller caller, Model model, HttpServletResponse response) {
        Map<String, Object> current = CoordinationCalls.read(() -> declarations.view(caller, id));
        int v;
        try {
            v = Integer.parseInt(version == null ? "" : version.strip());
        } catch (NumberFormatException e) {
            throw ConsolePageException.badRequest("version must be the number of the circulated version");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", v);
        body.put("decision", decision == null ? "" : decision);
        String why = ConsolePages.text(reason, 4000);
        if (why != null) {
            body.put("reason", why);
        }
        try {
            declarations.decide(caller, id, CoordinationCalls.body(body));
        } catch (CoordinationException.NotFound e) {
            throw ConsolePageException.notFound();
        } catch (CoordinationException.Conflict | CoordinationException.InvalidInput e) {
            boolean conflict = e instanceof CoordinationException.Conflict;
            response.setStatus(conflict ? HttpStatus.CONFLICT.value() : HttpStatus.BAD_REQUEST.value());
            fill(model, caller, current);
            model.addAttribute("problem", new ConsoleModel.Problem(response.getStatus(),
                    conflict ? "Your decision was not recorded" : "Check your decision", e.getMessage(), null));
            model.addAttribute("reason", why);
            return "console/coordination-declaration";
        }
        return "redirect:/console/coordination/declarations/" + id + "?decided=" + ("withhold".equals(decision) ? "withhold" : "endorse");
    }

    @SuppressWarnings("unchecked")
    private void fill(Model model, Caller caller, Map<String, Object> d) {
        model.addAttribute("declaration", d);
        model.addAttribute("section", "overview");
        List<Map<String, Object>> revisions = (List<Map<String, Object>>) d.get("revisions");
        Object circulated = d.containsKey("adopted_version") ? d.get("adopted_version") : d.get("circulated_version");
        Map<String, Object> shown = revisions.isEmpty() ? null : revisions.getLast();
        if (circulated instanceof Number n) {
            shown = revisions.stream().filter(r -> ((Number) r.get("version")).intValue() == n.intValue()).findFirst().orElse(shown);
        }
        model.addAttribute("text", shown);
        List<String> members = (List<String>) d.getOrDefault("members", List.of());
        List<Map<String, Object>> endorsements = (List<Map<String, Object>>) d.get("endorsements");
        List<MemberDecision> decisions = new ArrayList<>();
        for (String member : members) {
            Map<String, Object> e = endorsements.stream()
                    .filter(x -> circulated instanceof Number n && ((Number) x.get("version")).intValue() == n.intValue()
                            && member.equals(x.get("participant")))
                    .findFirst().orElse(null);
            decisions.add(e == null ? new MemberDecision(member, "awaiting", null, null, null, null, false)
                    : new MemberDecision(member, String.valueOf(e.get("decision")), (String) e.get("reason"), (String) e.get("signed_by"),
                    (String) e.get("at"), (String) e.get("key_id"), e.get("jws") instanceof String s && !s.isBlank()));
        }
        model.addAttribute("decisions", decisions);
        String myName = community.participants().stream().filter(p -> p.id().equals(caller.participant()))
                .map(Community.Participant::name).findFirst().orElse("");
        boolean canDecide = "circulating".equals(d.get("state")) && caller.has(Permission.DECLARATION_ENDORSE)
                && caller.tier() == Tier.MEMBER && members.contains(myName);
        model.addAttribute("canDecide", canDecide);
        model.addAttribute("myDecision", decisions.stream().filter(x -> x.participant().equals(myName)).findFirst().orElse(null));
        model.addAttribute("circulatedVersion", circulated);
        if ("adopted".equals(d.get("state"))) {
            // The same check as `entente declaration verify`, over the document this reader may download.
            Map<String, Object> document = declarations.document(caller, String.valueOf(d.get("id")));
            model.addAttribute("verification", DeclarationDocument.verify(CoordinationCalls.body(document)));
        }
    }
}
