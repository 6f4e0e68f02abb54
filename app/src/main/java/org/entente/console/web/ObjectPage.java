package org.entente.console.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Permission;
import org.entente.community.RequiresPermission;
import org.entente.intel.StixStore;
import org.entente.intel.StoredObject;
import org.entente.sharing.Audience;
import org.entente.sharing.SharingLabel;
import org.entente.stix.StixId;
import org.entente.stix.StixJson;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import tools.jackson.databind.JsonNode;

/**
 * One object: every property of the version shown, its label, its versions (and what changed between
 * two of them), its relationships and a graph that grows on click. Everything is read for the caller:
 * versions, edges and neighbours they may not see do not exist here, and an object they may not see is
 * the same 404 as one that does not exist.
 */
@Controller
class ObjectPage {

    /** At most this many edges of one object are drawn (the list on the page says when there are more). */
    static final int GRAPH_EDGES = 150;

    record Property(String name, String value, boolean structured, boolean reference) {
    }

    record Version(String key, String modified, java.time.Instant dateAdded, boolean shown) {
    }

    record Edge(String id, String type, String label, String otherId, String otherName, String otherType, boolean outgoing) {
    }

    record LabelView(String tlp, String tlpClass, String audience, String owner, boolean ownedByCaller) {
    }

    record Change(String property, String before, String after, String kind) {
    }

    private final StixStore store;
    private final Community community;

    ObjectPage(StixStore store, Community community) {
        this.store = store;
        this.community = community;
    }

    @RequiresPermission("intel.read")
    @GetMapping(path = "/console/intel/objects/{id}", produces = MediaType.TEXT_HTML_VALUE)
    String object(@PathVariable String id, @RequestParam(required = false) String version, Caller caller, Model model) {
        StixId stixId = StixId.tryParse(id).orElseThrow(ConsolePageException::notFound);
        List<StoredObject> versions = store.versions(caller, stixId);
        if (versions.isEmpty()) {
            throw ConsolePageException.notFound();
        }
        StoredObject shown = version == null ? versions.getLast()
                : versions.stream().filter(v -> v.version().equals(version)).findFirst().orElseThrow(ConsolePageException::notFound);
        JsonNode body = StixViews.body(shown);
        model.addAttribute("object", StixViews.summary(shown, body));
        model.addAttribute("properties", properties(body));
        model.addAttribute("json", StixJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(body));
        model.addAttribute("versions", versions.reversed().stream().map(v -> new Version(v.version(),
                modified(StixViews.body(v)), v.dateAdded(), v == shown)).toList());
        model.addAttribute("label", store.label(caller, shown).map(l -> labelView(caller, l)).orElse(null));
        List<Edge> edges = edges(caller, shown.id());
        model.addAttribute("edges", edges);
        model.addAttribute("canShare", caller.has(Permission.INTEL_SHARE)
                && store.label(caller, versions.getLast()).map(l -> l.owner().equals(caller.organisation())).orElse(false));
        return "console/intel-object";
    }

    /** What changed from version {@code from} to version {@code to} (both must be visible), property by property. */
    @RequiresPermission("intel.read")
    @GetMapping(path = "/console/intel/objects/{id}/diff", produces = MediaType.TEXT_HTML_VALUE)
    String diff(@PathVariable String id, @RequestParam String from, @RequestParam String to, Caller caller, Model model) {
        StixId stixId = StixId.tryParse(id).orElseThrow(ConsolePageException::notFound);
        List<StoredObject> versions = store.versions(caller, stixId);
        StoredObject a = versions.stream().filter(v -> v.version().equals(from)).findFirst().orElseThrow(ConsolePageException::notFound);
        StoredObject b = versions.stream().filter(v -> v.version().equals(to)).findFirst().orElseThrow(ConsolePageException::notFound);
        model.addAttribute("changes", changes(StixViews.body(a), StixViews.body(b)));
        model.addAttribute("fromModified", modified(StixViews.body(a)));
        model.addAttribute("toModified", modified(StixViews.body(b)));
        return "console/intel-object :: diff";
    }

    /**
     * The object and its neighbours for the graph: each edge the caller may see whose other end they
     * may see too (the store decides both), and that end's name as the caller may read it.
     */
    @RequiresPermission("intel.read")
    @GetMapping(path = "/console/intel/objects/{id}/graph", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, Object> graph(@PathVariable String id, Caller caller) {
        StixId stixId = StixId.tryParse(id).orElseThrow(ConsolePageException::notFound);
        StoredObject root = store.latest(caller, stixId).orElseThrow(ConsolePageException::notFound);
        Map<String, Map<String, Object>> nodes = new LinkedHashMap<>();
        nodes.put(root.id(), node(StixViews.summary(root)));
        List<Map<String, Object>> edges = new ArrayList<>();
        List<Edge> all = edges(caller, root.id());
        for (Edge e : all.subList(0, Math.min(all.size(), GRAPH_EDGES))) {
            nodes.putIfAbsent(e.otherId(), node(new StixViews.Summary(e.otherId(), e.otherType(), e.otherName(), "", null)));
            Map<String, Object> edge = new LinkedHashMap<>();
            edge.put("id", e.id());
            edge.put("source", e.outgoing() ? root.id() : e.otherId());
            edge.put("target", e.outgoing() ? e.otherId() : root.id());
            edge.put("label", e.label());
            edges.add(edge);
        }
        return Map.of("root", root.id(), "nodes", List.copyOf(nodes.values()), "edges", edges,
                "truncated", all.size() > GRAPH_EDGES);
    }

    private static Map<String, Object> node(StixViews.Summary s) {
        return Map.of("id", s.id(), "type", s.type(), "label", s.name());
    }

    /**
     * Relationships and sightings of {@code id} the caller may see, with the other end as they may see
     * it. A sighting's other end is the sighting itself (it names its object in sighting_of_ref).
     */
    private List<Edge> edges(Caller caller, String id) {
        List<Edge> out = new ArrayList<>();
        Map<String, Optional<StixViews.Summary>> ends = new LinkedHashMap<>();
        for (StoredObject r : store.relationships(caller, StixId.parse(id))) {
            JsonNode body = StixViews.body(r);
            if (r.type().equals("sighting")) {
                out.add(new Edge(r.id(), r.type(), "sighting of", r.id(), StixViews.displayName(body), "sighting", false));
                continue;
            }
            String source = body.path("source_ref").asString();
            String target = body.path("target_ref").asString();
            boolean outgoing = source.equals(id);
            String other = outgoing ? target : source;
            Optional<StixViews.Summary> end = ends.computeIfAbsent(other, o -> StixId.tryParse(o)
                    .flatMap(sid -> store.latest(caller, sid)).map(StixViews::summary));
            if (end.isEmpty()) {
                continue; // the store already leaves these out; a race with a relabel must not show an id
            }
            out.add(new Edge(r.id(), r.type(), body.path("relationship_type").asString("related-to"), other,
                    end.get().name(), end.get().type(), outgoing));
        }
        return out;
    }

    private LabelView labelView(Caller caller, SharingLabel label) {
        boolean own = label.owner().equals(caller.organisation());
        String owner = community.organisation(label.owner()).map(Community.Organisation::name).orElse("another organisation");
        return new LabelView("TLP:" + label.tlp().label().toUpperCase(), "tlp-" + label.tlp().label().replace('+', '-'),
                audience(label.audience(), own), owner, own);
    }

    /**
     * The audience in words. Who else a named list reaches is the owner's business: other readers are
     * only told that they were named.
     */
    private String audience(Audience audience, boolean owner) {
        return switch (audience) {
            case Audience.OwnOrganisation o -> "the owner's organisation";
            case Audience.OwnParticipant p -> "the owner's participant";
            case Audience.TaskForce tf -> "task force " + community.taskForce(tf.taskForce()).map(Community.TaskForce::name)
                    .orElse("#" + tf.taskForce().value());
            case Audience.AllMembers a -> "all member states";
            case Audience.MembersAndObservers m -> "members and observers";
            case Audience.WholeCommunity w -> "the whole community";
            case Audience.Named n -> owner ? "named: " + names(n) : "named recipients (you are one of them)";
        };
    }

    private String names(Audience.Named named) {
        Set<String> out = new LinkedHashSet<>();
        community.participants().stream().filter(p -> named.participants().contains(p.id())).forEach(p -> out.add(p.name()));
        community.organisations().stream().filter(o -> named.organisations().contains(o.id())).forEach(o -> out.add(o.name()));
        return String.join(", ", out);
    }

    static List<Property> properties(JsonNode body) {
        List<Property> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            JsonNode v = e.getValue();
            boolean structured = v.isContainer();
            String text = structured ? StixJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(v) : v.asString();
            boolean reference = !structured && e.getKey().endsWith("_ref") && StixId.tryParse(text).isPresent();
            out.add(new Property(e.getKey(), text, structured, reference));
        }
        return out;
    }

    static List<Change> changes(JsonNode a, JsonNode b) {
        List<Change> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        a.properties().forEach(e -> names.add(e.getKey()));
        b.properties().forEach(e -> names.add(e.getKey()));
        for (String name : names) {
            JsonNode x = a.get(name);
            JsonNode y = b.get(name);
            if (x == null) {
                out.add(new Change(name, "", text(y), "added"));
            } else if (y == null) {
                out.add(new Change(name, text(x), "", "removed"));
            } else if (!x.equals(y)) {
                out.add(new Change(name, text(x), text(y), "changed"));
            }
        }
        return out;
    }

    private static String text(JsonNode v) {
        return v.isContainer() ? StixJson.MAPPER.writeValueAsString(v) : v.asString();
    }

    private static String modified(JsonNode body) {
        return body.path("modified").asString(body.path("created").asString(""));
    }
}
