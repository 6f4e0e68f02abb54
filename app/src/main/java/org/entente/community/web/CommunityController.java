package org.entente.community.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.RequiresPermission;
import org.entente.community.Tier;
import org.entente.stix.Tlp;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The community as the node's administrator manages it: participants and tiers, organisations, task
 * forces, tier ceilings. Who exists is not intelligence, but it is the community's business: every
 * authenticated reader may list it; changing it needs {@code community.admin}.
 */
@RestController
@RequestMapping("/api/v1/community")
class CommunityController {

    private final Community community;
    private final ApplicationEventPublisher events;

    CommunityController(Community community, ApplicationEventPublisher events) {
        this.community = community;
        this.events = events;
    }

    record NewParticipant(String name, String tier) {
    }

    record NewOrganisation(Long participant, String name) {
    }

    record NewTaskForce(String name, String mandate, List<Long> members) {
    }

    record Ceiling(String tlp) {
    }

    @RequiresPermission("intel.read")
    @GetMapping
    Map<String, Object> community() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("participants", community.participants().stream().map(p -> Map.of("id", p.id().value(), "name", p.name(),
                "tier", p.tier().code(), "home", p.home())).toList());
        out.put("organisations", community.organisations().stream().map(o -> Map.of("id", o.id().value(),
                "participant", o.participant().value(), "name", o.name())).toList());
        out.put("task_forces", community.taskForces().stream().map(t -> Map.of("id", t.id().value(), "name", t.name(),
                "mandate", t.mandate(), "members", t.members().stream().map(ParticipantId::value).sorted().toList())).toList());
        out.put("ceilings", community.ceilings().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().code(), e -> e.getValue().label())));
        return out;
    }

    @RequiresPermission("community.admin")
    @PostMapping("/participants")
    ResponseEntity<Map<String, Object>> addParticipant(@RequestBody NewParticipant body) {
        require(body.name(), "name");
        Tier tier = Tier.byCode(String.valueOf(body.tier())).orElseThrow(() ->
                new BadField("tier", "must be member, observer or dialogue-partner"));
        return created(community.addParticipant(body.name(), tier).value());
    }

    @RequiresPermission("community.admin")
    @PostMapping("/organisations")
    ResponseEntity<Map<String, Object>> addOrganisation(@RequestBody NewOrganisation body) {
        require(body.name(), "name");
        if (body.participant() == null || community.participants().stream().noneMatch(p -> p.id().value() == body.participant())) {
            throw new BadField("participant", "must be the id of a participant of this community");
        }
        return created(community.addOrganisation(new ParticipantId(body.participant()), body.name()).value());
    }

    @RequiresPermission("community.admin")
    @PostMapping("/task-forces")
    ResponseEntity<Map<String, Object>> addTaskForce(@RequestBody NewTaskForce body) {
        require(body.name(), "name");
        require(body.mandate(), "mandate");
        Set<Long> known = community.participants().stream().map(p -> p.id().value()).collect(Collectors.toSet());
        List<Long> members = body.members() == null ? List.of() : body.members();
        if (members.isEmpty() || !known.containsAll(members)) {
            throw new BadField("members", "must list ids of participants of this community");
        }
        return created(community.addTaskForce(body.name(), body.mandate(),
                members.stream().map(ParticipantId::new).collect(Collectors.toSet())).value());
    }

    /**
     * Takes a participant out of a task force. Membership is part of the sharing policy: audited as a
     * permission change, and in force from the next request of any of the participant's users.
     */
    @RequiresPermission("community.admin")
    @org.springframework.web.bind.annotation.DeleteMapping("/task-forces/{taskForce}/members/{participant}")
    ResponseEntity<Void> removeTaskForceMember(@PathVariable long taskForce, @PathVariable long participant, Caller caller) {
        if (community.taskForce(new org.entente.community.Ids.TaskForceId(taskForce)).isEmpty()) {
            throw new BadField("taskForce", "must be the id of a task force of this community");
        }
        var tf = new org.entente.community.Ids.TaskForceId(taskForce);
        var p = new ParticipantId(participant);
        if (!community.removeTaskForceMember(tf, p)) {
            throw new BadField("participant", "is not a member of this task force");
        }
        events.publishEvent(new org.entente.community.TaskForceMembershipChanged(caller.username(), tf, p, false));
        return ResponseEntity.noContent().build();
    }

    /** Tier ceilings are part of the sharing policy: changing one is audited as a permission change. */
    @RequiresPermission("community.admin")
    @PutMapping("/ceilings/{tier}")
    Map<String, String> setCeiling(@PathVariable String tier, @RequestBody Ceiling body, Caller caller) {
        Tier t = Tier.byCode(tier).orElseThrow(() -> new BadField("tier", "must be member, observer or dialogue-partner"));
        Tlp max = Tlp.byLabel(body.tlp()).orElseThrow(() -> new BadField("tlp", "must be clear, green, amber, amber+strict or red"));
        Tlp before = community.ceilings().get(t);
        community.setCeiling(t, max);
        events.publishEvent(new org.entente.community.CeilingChanged(caller.username(), t, before, max));
        return Map.of("tier", t.code(), "tlp", max.label());
    }

    @ExceptionHandler
    ProblemDetail badField(BadField e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Invalid field");
        p.setProperty("field", e.field);
        return p;
    }

    @ExceptionHandler
    ProblemDetail conflict(DataIntegrityViolationException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "A participant, organisation or task force with that name exists already.");
        p.setTitle("Conflict");
        return p;
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new BadField(field, "is required");
        }
    }

    private static ResponseEntity<Map<String, Object>> created(long id) {
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id));
    }

    static final class BadField extends RuntimeException {
        final String field;

        BadField(String field, String problem) {
            super("'" + field + "' " + problem);
            this.field = field;
        }
    }
}
