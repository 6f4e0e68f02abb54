package org.entente.console.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.entente.briefing.Briefings;
import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Permission;
import org.entente.community.RequiresPermission;
import org.entente.intel.StixStore;
import org.entente.intel.StoredObject;
import org.entente.sharing.Audience;
import org.entente.stix.StixId;
import org.entente.stix.StixJson;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import tools.jackson.databind.JsonNode;

/**
 * Task-force workspaces: the caller's task forces; for one, its members, the intelligence shared to
 * it, its briefing schedule and briefings; a briefing read in the console (the report's objects as the
 * store gives them to this reader now, exactly as the briefing module's HTML does) and downloaded as
 * PDF. A task force the caller's participant does not belong to is the console's 404, like the
 * briefing API's.
 */
@Controller
class TaskForcePage {

    /** How far back the workspace looks for intelligence shared to the task force (newest first). */
    static final int SCAN = 1_000;
    static final int SHOWN = 50;

    record Member(String name, String tier) {
    }

    record Workspace(long id, String name, String mandate, List<Member> members) {
    }

    private final Community community;
    private final Briefings briefings;
    private final StixStore store;

    TaskForcePage(Community community, Briefings briefings, StixStore store) {
        this.community = community;
        this.briefings = briefings;
        this.store = store;
    }

    @RequiresPermission("intel.read")
    @GetMapping(path = "/console/task-forces", produces = MediaType.TEXT_HTML_VALUE)
    String list(Caller caller, Model model) {
        model.addAttribute("taskForces", caller.taskForces().stream().map(id -> community.taskForce(id))
                .flatMap(Optional::stream).map(this::workspace).sorted(Comparator.comparing(Workspace::name)).toList());
        return "console/task-forces";
    }

    @RequiresPermission("intel.read")
    @GetMapping(path = "/console/task-forces/{id}", produces = MediaType.TEXT_HTML_VALUE)
    String taskForce(@PathVariable String id, @RequestParam(required = false) String compiled, Caller caller, Model model) {
        Workspace tf = workspace(member(caller, id));
        model.addAttribute("taskForce", tf);
        model.addAttribute("briefings", CoordinationCalls.read(() -> briefings.list(caller, tf.id())));
        model.addAttribute("schedule", CoordinationCalls.read(() -> briefings.schedule(caller, tf.id())).orElse(null));
        model.addAttribute("shared", sharedWith(caller, tf.id()));
        model.addAttribute("scanned", SCAN);
        model.addAttribute("canCompile", caller.has(Permission.INTEL_PUBLISH));
        if ("none".equals(compiled)) {
            model.addAttribute("nothingNew", true);
        }
        return "console/task-force";
    }

    /** Compiles a briefing now (the module decides what is new); opens it, or says nothing was new. */
    @RequiresPermission("intel.publish")
    @PostMapping(path = "/console/task-forces/{id}/briefings", produces = MediaType.TEXT_HTML_VALUE)
    String compile(@PathVariable String id, Caller caller) {
        long tf = member(caller, id).id().value();
        Optional<Briefings.Briefing> made = CoordinationCalls.read(() -> briefings.generate(caller, tf));
        return made.map(b -> "redirect:/console/task-forces/" + tf + "/briefings/" + b.id())
                .orElse("redirect:/console/task-forces/" + tf + "?compiled=none");
    }

    @RequiresPermission("intel.read")
    @GetMapping(path = "/console/task-forces/{id}/briefings/{briefing}", produces = MediaType.TEXT_HTML_VALUE)
    String briefing(@PathVariable String id, @PathVariable String briefing, Caller caller, Model model) {
        Workspace tf = workspace(member(caller, id));
        long b = CoordinationCalls.id(briefing);
        Briefings.Briefing row = CoordinationCalls.read(() -> briefings.briefing(caller, tf.id(), b));
        JsonNode report = StixJson.MAPPER.readTree(CoordinationCalls.read(() -> briefings.reportJson(caller, tf.id(), b)));
        // Each referenced object as the store gives it to this reader now (the report's refs are narrowed already).
        Map<String, List<StixViews.Summary>> sections = new TreeMap<>(Comparator
                .comparingInt((String t) -> ORDER.contains(t) ? ORDER.indexOf(t) : ORDER.size()).thenComparing(t -> t));
        for (JsonNode ref : report.path("object_refs")) {
            StixId.tryParse(ref.asString()).flatMap(s -> store.latest(caller, s)).ifPresent(o ->
                    sections.computeIfAbsent(o.type(), t -> new ArrayList<>()).add(StixViews.summary(o)));
        }
        sections.values().forEach(l -> l.sort(Comparator.comparing(StixViews.Summary::name)));
        model.addAttribute("taskForce", tf);
        model.addAttribute("briefing", row);
        model.addAttribute("reportTitle", report.path("name").asString("Briefing"));
        model.addAttribute("description", report.path("description").asString(""));
        model.addAttribute("sections", sections);
        model.addAttribute("shownCount", sections.values().stream().mapToInt(List::size).sum());
        return "console/task-force-briefing";
    }

    @RequiresPermission("intel.read")
    @GetMapping(path = "/console/task-forces/{id}/briefings/{briefing}/pdf")
    ResponseEntity<byte[]> pdf(@PathVariable String id, @PathVariable String briefing, Caller caller) {
        long tf = member(caller, id).id().value();
        long b = CoordinationCalls.id(briefing);
        byte[] pdf = CoordinationCalls.read(() -> briefings.pdf(caller, tf, b));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("briefing-" + tf + "-" + b + ".pdf").build().toString())
                .body(pdf);
    }

    /** Sections in the briefing module's order; other types after them, alphabetically. */
    static final List<String> ORDER = List.of("indicator", "sighting", "threat-actor", "intrusion-set", "campaign",
            "malware", "tool", "attack-pattern", "vulnerability", "course-of-action", "report", "relationship");

    /** A task force of the caller's participant; any other id (or another's task force) is not found. */
    private Community.TaskForce member(Caller caller, String id) {
        long value = CoordinationCalls.id(id);
        TaskForceId tf = new TaskForceId(value);
        if (!caller.taskForces().contains(tf)) {
            throw ConsolePageException.notFound();
        }
        return community.taskForce(tf).filter(t -> t.members().contains(caller.participant()))
                .orElseThrow(ConsolePageException::notFound);
    }

    private Workspace workspace(Community.TaskForce tf) {
        Map<Long, Community.Participant> participants = new TreeMap<>();
        community.participants().forEach(p -> participants.put(p.id().value(), p));
        List<Member> members = tf.members().stream().map(p -> participants.get(p.value())).filter(java.util.Objects::nonNull)
                .map(p -> new Member(p.name(), p.tier().code())).sorted(Comparator.comparing(Member::name)).toList();
        return new Workspace(tf.id().value(), tf.name(), tf.mandate(), members);
    }

    /**
     * The newest objects shared with this task force (audience "task-force") that the caller may see,
     * among the newest {@link #SCAN} objects of their audience: the store has no audience filter, and
     * the label of each is read through the store (so it is the caller's view of the label).
     */
    private List<StixViews.Summary> sharedWith(Caller caller, long taskForce) {
        List<StixViews.Summary> out = new ArrayList<>();
        int page = 200;
        for (int offset = 0; offset < SCAN && out.size() < SHOWN; offset += page) {
            List<StoredObject> batch = store.find(caller, StixStore.Query.newest(), page, offset);
            for (StoredObject o : batch) {
                boolean shared = store.label(caller, o).map(l -> l.audience() instanceof Audience.TaskForce t
                        && t.taskForce().value() == taskForce).orElse(false);
                if (shared && out.size() < SHOWN) {
                    out.add(StixViews.summary(o));
                }
            }
            if (batch.size() < page) {
                break;
            }
        }
        return out;
    }
}
