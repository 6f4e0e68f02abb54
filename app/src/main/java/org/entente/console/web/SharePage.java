package org.entente.console.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Permission;
import org.entente.community.RequiresPermission;
import org.entente.community.Tier;
import org.entente.intel.SharingRefused;
import org.entente.intel.StixStore;
import org.entente.intel.StoredObject;
import org.entente.intel.UnknownRecipient;
import org.entente.sharing.Audience;
import org.entente.sharing.Decision;
import org.entente.sharing.SharingLabel;
import org.entente.sharing.SharingPolicy;
import org.entente.stix.StixId;
import org.entente.stix.Tlp;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The share dialog: choose a marking and an audience, see before sharing exactly which participants and
 * organisations would receive it and which tier ceiling applies to each, then share. The preview is the
 * sharing policy's own decision for every organisation of the community as a reader
 * ({@link SharingPolicy#decisionsByOrganisation}), not a copy of its rules; sharing goes through
 * {@link StixStore#share}, which checks ownership and permissions again.
 */
@Controller
class SharePage {

    record Choice(long id, String name) {
    }

    /** One participant in the preview: its tier, the ceiling that applies, who of it receives and who does not, and why. */
    record Reach(String participant, String tier, String ceiling, List<String> receiving, List<String> refused,
                 String refusal) {
    }

    private final StixStore store;
    private final Community community;
    private final SharingPolicy policy;

    SharePage(StixStore store, Community community, SharingPolicy policy) {
        this.store = store;
        this.community = community;
        this.policy = policy;
    }

    @RequiresPermission("intel.share")
    @GetMapping(path = "/console/intel/objects/{id}/share", produces = MediaType.TEXT_HTML_VALUE)
    String dialog(@PathVariable String id, Caller caller, Model model) {
        StoredObject object = ownedObject(id, caller);
        SharingLabel current = store.label(caller, object).orElseThrow(ConsolePageException::notFound);
        model.addAttribute("object", StixViews.summary(object));
        model.addAttribute("currentTlp", current.tlp().label());
        model.addAttribute("currentAudience", current.audience().code());
        model.addAttribute("currentTaskForce", current.audience() instanceof Audience.TaskForce tf ? tf.taskForce().value() : null);
        labelChoices(caller, community, model);
        preview(current, model);
        return "console/intel-share";
    }

    @RequiresPermission("intel.share")
    @GetMapping(path = "/console/intel/objects/{id}/share/preview", produces = MediaType.TEXT_HTML_VALUE)
    String preview(@PathVariable String id, LabelForm form, Caller caller, Model model) {
        ownedObject(id, caller);
        SharingLabel label = new SharingLabel(caller.organisation(), caller.participant(), form.tlpOrDefault(Tlp.AMBER),
                form.toAudience());
        preview(label, model);
        return "console/intel-share :: preview";
    }

    @RequiresPermission("intel.share")
    @PostMapping(path = "/console/intel/objects/{id}/share", produces = MediaType.TEXT_HTML_VALUE)
    String share(@PathVariable String id, LabelForm form, Caller caller, Model model) {
        StoredObject object = ownedObject(id, caller);
        Tlp tlp = form.tlpOrDefault(Tlp.AMBER);
        Audience audience = form.toAudience();
        StixStore.ShareOutcome outcome;
        try {
            outcome = store.share(caller, StixId.parse(object.id()), tlp, audience);
        } catch (SharingRefused e) {
            throw new ConsolePageException(HttpStatus.FORBIDDEN, "Not shared", e.getMessage() + ".");
        } catch (UnknownRecipient e) {
            throw ConsolePageException.badRequest("The chosen " + e.field().replace('_', ' ') + " does not exist.");
        }
        if (outcome instanceof StixStore.ShareOutcome.NotFound) {
            throw ConsolePageException.notFound();
        }
        StixStore.ShareOutcome.Shared shared = (StixStore.ShareOutcome.Shared) outcome;
        preview(new SharingLabel(caller.organisation(), caller.participant(), tlp, audience), model);
        model.addAttribute("sharedWith", shared.recipients().size());
        model.addAttribute("widened", shared.widened());
        model.addAttribute("object", StixViews.summary(object));
        return "console/intel-share :: done";
    }

    /** The latest version the caller may see, which their organisation must own (else a readable refusal). */
    private StoredObject ownedObject(String id, Caller caller) {
        StixId stixId = StixId.tryParse(id).orElseThrow(ConsolePageException::notFound);
        StoredObject object = store.latest(caller, stixId).orElseThrow(ConsolePageException::notFound);
        SharingLabel label = store.label(caller, object).orElseThrow(ConsolePageException::notFound);
        if (!label.owner().equals(caller.organisation())) {
            throw new ConsolePageException(HttpStatus.FORBIDDEN, "Not yours to share",
                    "Only the owner's organisation can change how this object is shared.");
        }
        return object;
    }

    /** Receiving organisations grouped by participant, with each participant's tier ceiling and refusals. */
    private void preview(SharingLabel label, Model model) {
        Map<OrganisationId, Decision> decisions = policy.decisionsByOrganisation(label);
        Map<ParticipantId, Community.Participant> participants = community.participants().stream()
                .collect(Collectors.toMap(Community.Participant::id, p -> p));
        Map<Tier, Tlp> ceilings = community.ceilings();
        Map<ParticipantId, List<Community.Organisation>> byParticipant = new LinkedHashMap<>();
        community.organisations().forEach(o -> byParticipant.computeIfAbsent(o.participant(), k -> new ArrayList<>()).add(o));
        List<Reach> reach = new ArrayList<>();
        int organisations = 0;
        for (var e : byParticipant.entrySet()) {
            Community.Participant p = participants.get(e.getKey());
            List<String> receiving = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            String refusal = null;
            for (Community.Organisation o : e.getValue()) {
                Decision d = decisions.get(o.id());
                if (d != null && d.allowed()) {
                    receiving.add(o.name());
                } else if (d instanceof Decision.Denied denied && !denied.policy().equals("audience")) {
                    // In the audience but held back by the marking or the tier ceiling: say so, it is why
                    // a sender picks another TLP.
                    refused.add(o.name());
                    refusal = denied.reason();
                }
            }
            if (!receiving.isEmpty() || !refused.isEmpty()) {
                organisations += receiving.size();
                Tlp ceiling = ceilings.getOrDefault(p.tier(), Tlp.CLEAR);
                reach.add(new Reach(p.name(), p.tier().code(), "TLP:" + ceiling.label().toUpperCase(), receiving, refused, refusal));
            }
        }
        model.addAttribute("reach", reach);
        model.addAttribute("reachParticipants", reach.stream().filter(r -> !r.receiving().isEmpty()).count());
        model.addAttribute("reachOrganisations", organisations);
        model.addAttribute("previewTlp", "TLP:" + label.tlp().label().toUpperCase());
        model.addAttribute("ceilings", ceilings.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(c -> c.getKey().code() + " up to TLP:" + c.getValue().label().toUpperCase()).toList());
    }

    /** What the label fields offer: TLPs, audience kinds, the caller's task forces, the community roster. */
    static void labelChoices(Caller caller, Community community, Model model) {
        model.addAttribute("tlps", List.of(Tlp.values()).stream().map(Tlp::label).toList());
        model.addAttribute("audiences", LabelForm.AUDIENCES);
        model.addAttribute("taskForces", community.taskForces().stream()
                .filter(t -> t.members().contains(caller.participant()))
                .map(t -> new Choice(t.id().value(), t.name())).toList());
        model.addAttribute("allParticipants", community.participants().stream()
                .map(p -> new Choice(p.id().value(), p.name())).toList());
        model.addAttribute("allOrganisations", community.organisations().stream()
                .map(o -> new Choice(o.id().value(), o.name())).toList());
        model.addAttribute("canPublish", caller.has(Permission.INTEL_PUBLISH));
    }
}
