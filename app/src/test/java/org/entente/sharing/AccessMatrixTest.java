package org.entente.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Tier;
import org.entente.stix.Tlp;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * The exhaustive access matrix through the real HTTP read paths: every tier x role x TLP x audience,
 * on object, history, search, count, graph, export and TAXII (collection, manifest, object). Expected outcomes come from a plain table of
 * the rules (docs/SHARING_POLICY.md), not from SharingPolicy. Beyond allow/deny, no response a viewer
 * gets may contain the id or name of an object outside their audience.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixTest extends RunningNode {

    static final List<String> ROLES = List.of("reader", "analyst", "publisher", "liaison", "administrator", "auditor");
    static final List<String> AUDIENCES = List.of("own-organisation", "own-participant", "task-force", "all-members",
            "members-and-observers", "whole-community", "named");

    @Autowired
    Community community;
    @Autowired
    JdbcTemplate jdbc;

    final String run = UUID.randomUUID().toString().substring(0, 8);
    /** Viewer organisations: name, tier, same participant as owner?, in the task force?, named? */
    record Viewer(String name, Tier tier, boolean ownerParticipant, boolean inTaskForce, boolean named, String role, String token) {
    }

    record Labelled(String id, String name, Tlp tlp, String audience) {
    }

    /** A viewing organisation and how it relates to the owner (KZ-CERT of participant KZ). */
    record Org(String name, Tier tier, boolean sameParticipant, boolean inTf, boolean named) {
    }

    final List<Viewer> viewers = new ArrayList<>();
    final List<Labelled> objects = new ArrayList<>();
    String ownerToken;
    String anchorId;

    @BeforeAll
    void community() {
        ParticipantId kz = community.addParticipant("KZ " + run, Tier.MEMBER);
        ParticipantId ru = community.addParticipant("RU " + run, Tier.MEMBER);
        ParticipantId in = community.addParticipant("IN " + run, Tier.MEMBER);
        ParticipantId mn = community.addParticipant("MN " + run, Tier.OBSERVER);
        ParticipantId tr = community.addParticipant("TR " + run, Tier.DIALOGUE_PARTNER);
        OrganisationId owner = community.addOrganisation(kz, "KZ-CERT");
        Map<String, OrganisationId> orgs = Map.of(
                "KZ Border Service", community.addOrganisation(kz, "KZ Border Service"),
                "RU MoD", community.addOrganisation(ru, "RU MoD"),
                "CERT-In", community.addOrganisation(in, "CERT-In"),
                "MN Intelligence", community.addOrganisation(mn, "MN Intelligence"),
                "TR Police", community.addOrganisation(tr, "TR Police"));
        TaskForceId ct = community.addTaskForce("Counter-terrorism " + run, "counter-terrorism", Set.of(kz, ru, mn));
        ownerToken = user("kz-publisher", owner, "publisher");
        for (Org o : List.of(new Org("KZ Border Service", Tier.MEMBER, true, true, false),
                new Org("RU MoD", Tier.MEMBER, false, true, true),
                new Org("CERT-In", Tier.MEMBER, false, false, false),
                new Org("MN Intelligence", Tier.OBSERVER, false, true, false),
                new Org("TR Police", Tier.DIALOGUE_PARTNER, false, false, false))) {
            for (String role : ROLES) {
                viewers.add(new Viewer(o.name(), o.tier(), o.sameParticipant(), o.inTf(), o.named(), role,
                        user(o.name() + "-" + role, orgs.get(o.name()), role)));
            }
        }
        anchorId = "identity--" + UUID.randomUUID();
        importAs(ownerToken, identity(anchorId, "anchor " + run), "tlp=clear&audience=whole-community");
        for (Tlp tlp : Tlp.values()) {
            for (String audience : AUDIENCES) {
                String id = "identity--" + UUID.randomUUID();
                String name = "matrix " + run + " " + tlp.label() + " " + audience;
                String params = "tlp=" + URLEncoder.encode(tlp.label(), StandardCharsets.UTF_8) + "&audience=" + audience
                        + (audience.equals("task-force") ? "&task_force=" + ct.value() : "")
                        + (audience.equals("named") ? "&participants=" + ru.value() : "");
                importAs(ownerToken, identity(id, name), params);
                // An edge everyone may see, from the anchor to this object: it must vanish for whoever
                // may not see the object.
                importAs(ownerToken, """
                        {"type":"relationship","spec_version":"2.1","id":"relationship--%s","created":"2025-06-26T08:00:00.000Z",
                         "modified":"2025-06-26T08:00:00.000Z","relationship_type":"related-to","source_ref":"%s","target_ref":"%s"}"""
                        .formatted(UUID.randomUUID(), anchorId, id), "tlp=clear&audience=whole-community");
                objects.add(new Labelled(id, name, tlp, audience));
            }
        }
    }

    /** The rules as a plain table: docs/SHARING_POLICY.md, "The decision". */
    static boolean expected(Viewer v, Labelled o) {
        if (v.role().equals("auditor")) {
            return false; // no intel.read
        }
        boolean inAudience = switch (o.audience()) {
            case "own-organisation" -> false;
            case "own-participant" -> v.ownerParticipant();
            case "task-force" -> v.inTaskForce();
            case "all-members" -> v.tier() == Tier.MEMBER;
            case "members-and-observers" -> v.tier() != Tier.DIALOGUE_PARTNER;
            case "whole-community" -> true;
            case "named" -> v.named();
            default -> throw new IllegalStateException();
        };
        Tlp ceiling = switch (v.tier()) {
            case MEMBER -> Tlp.RED;
            case OBSERVER -> Tlp.AMBER;
            case DIALOGUE_PARTNER -> Tlp.GREEN;
        };
        boolean red = o.tlp() == Tlp.RED;
        return inAudience && (!red || o.audience().equals("named")) && !o.tlp().isAbove(ceiling);
    }

    @Test
    void everyReadPathRevealsExactlyTheObjectsInTheViewersAudience() {
        int allowedCases = 0;
        List<String> failures = new ArrayList<>();
        for (Viewer v : viewers) {
            Set<String> visible = new HashSet<>();
            Set<String> invisible = new HashSet<>();
            for (Labelled o : objects) {
                (expected(v, o) ? visible : invisible).add(o.id());
            }
            allowedCases += visible.size();
            Map<String, String> bodies = new java.util.LinkedHashMap<>();
            for (Labelled o : objects) {
                boolean allow = expected(v, o);
                HttpResponse<String> one = get(v, "/api/v1/objects/" + o.id());
                HttpResponse<String> history = get(v, "/api/v1/objects/" + o.id() + "?version=all");
                // A 404 may echo the requested path (RFC 9457 "instance"): the caller's own input is
                // no disclosure, so the id asked for is blanked before the leak check below.
                bodies.put("object " + o.name(), one.body().replace(o.id(), "<asked-for id>"));
                bodies.put("history " + o.name(), history.body().replace(o.id(), "<asked-for id>"));
                check(failures, v, o, "object", allow ? one.statusCode() == 200 : one.statusCode() == 404 || one.statusCode() == 403);
                check(failures, v, o, "history", allow ? history.statusCode() == 200 && json(history.body()).path("objects").size() == 1
                        : history.statusCode() == 404 || history.statusCode() == 403);
            }
            boolean reads = !v.role().equals("auditor");
            HttpResponse<String> search = get(v, "/api/v1/objects?type=identity&limit=1000&q=" + enc("matrix " + run));
            HttpResponse<String> count = get(v, "/api/v1/objects/count?type=identity&q=" + enc("matrix " + run));
            HttpResponse<String> graph = get(v, "/api/v1/objects/" + anchorId + "/relationships");
            HttpResponse<String> export = get(v, "/api/v1/export?type=identity");
            bodies.putAll(Map.of("search", search.body(), "count", count.body(), "graph", graph.body(), "export", export.body()));
            // TAXII 2.1: the collection of everything the viewer may see, its manifest, and direct gets.
            HttpResponse<String> collections = taxii(v, "/taxii2/api/collections/");
            bodies.put("taxii collections", collections.body());
            if (reads) {
                String everything = json(collections.body()).path("collections").valueStream()
                        .filter(c -> c.path("title").asString().startsWith("Everything")).findFirst().orElseThrow()
                        .path("id").asString();
                String matchIds = enc(String.join(",", objects.stream().map(Labelled::id).toList()));
                HttpResponse<String> taxiiObjects = taxii(v, "/taxii2/api/collections/" + everything + "/objects/?match%5Bid%5D=" + matchIds);
                HttpResponse<String> manifest = taxii(v, "/taxii2/api/collections/" + everything + "/manifest/?match%5Bid%5D=" + matchIds);
                bodies.put("taxii objects", taxiiObjects.body());
                bodies.put("taxii manifest", manifest.body());
                check(failures, v, null, "taxii objects", ids(json(taxiiObjects.body()).path("objects"), "id").equals(visible));
                check(failures, v, null, "taxii manifest", ids(json(manifest.body()).path("objects"), "id").equals(visible));
                for (Labelled o : objects) {
                    HttpResponse<String> one = taxii(v, "/taxii2/api/collections/" + everything + "/objects/" + o.id() + "/");
                    bodies.put("taxii object " + o.name(), one.body().replace(o.id(), "<asked-for id>"));
                    check(failures, v, o, "taxii object", expected(v, o) ? one.statusCode() == 200 : one.statusCode() == 404);
                }
            } else {
                check(failures, v, null, "taxii no-permission", collections.statusCode() == 403);
            }
            if (reads) {
                check(failures, v, null, "search", ids(json(search.body()).path("objects"), "id").equals(visible));
                check(failures, v, null, "count", json(count.body()).path("count").asLong() == visible.size());
                check(failures, v, null, "graph", ids(json(graph.body()).path("objects"), "target_ref").equals(visible));
                Set<String> exported = ids(json(export.body()).path("objects"), "id");
                exported.retainAll(objects.stream().map(Labelled::id).toList());
                check(failures, v, null, "export", exported.equals(visible));
            } else {
                for (var r : List.of(search, count, graph, export)) {
                    check(failures, v, null, "no-permission", r.statusCode() == 403);
                }
            }
            // No path may reveal an id or a name of an invisible object, in any form.
            for (var body : bodies.entrySet()) {
                for (Labelled o : objects) {
                    if (invisible.contains(o.id()) && (body.getValue().contains(o.id()) || body.getValue().contains(o.name()))) {
                        failures.add(v.name() + "/" + v.role() + " saw " + o.name() + " in the response to " + body.getKey());
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(allowedCases).as("the matrix exercises allowances").isGreaterThan(100);
        assertThat(viewers.size() * objects.size() - allowedCases).as("and denials").isGreaterThan(100);
    }

    @Test
    void theOwnersOrganisationSeesEverythingItOwns() {
        HttpResponse<String> count = send(HttpRequest.newBuilder(uri("/api/v1/objects/count?type=identity&q=" + enc("matrix " + run)))
                .header("Authorization", "Bearer " + ownerToken).GET());
        assertThat(json(count.body()).path("count").asInt()).isEqualTo(objects.size());
    }

    private void check(List<String> failures, Viewer v, Labelled o, String path, boolean ok) {
        if (!ok) {
            failures.add(path + ": " + v.name() + " (" + v.tier() + ", " + v.role() + ")" + (o == null ? "" : " on " + o.name()));
        }
    }

    private HttpResponse<String> taxii(Viewer v, String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + v.token())
                .header("Accept", "application/taxii+json;version=2.1").GET());
    }

    private HttpResponse<String> get(Viewer v, String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + v.token()).GET());
    }

    private void importAs(String token, String body, String params) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/objects?" + params))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/stix+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r.body()).path("stored").asInt()).as(r.body()).isEqualTo(1);
    }

    private String user(String name, OrganisationId org, String role) {
        var id = community.addUser(name + " " + run, org, Set.of(role));
        String token = "matrix-" + UUID.randomUUID();
        jdbc.update("insert into api_token (user_id, token_hash, label) values (?, sha256(convert_to(?, 'UTF8')), 'matrix')",
                id.value(), token);
        return token;
    }

    private static String identity(String id, String name) {
        return """
                {"type":"identity","spec_version":"2.1","id":"%s","created":"2025-06-26T08:00:00.000Z",
                 "modified":"2025-06-26T08:00:00.000Z","name":"%s","identity_class":"organization"}""".formatted(id, name);
    }

    private static Set<String> ids(JsonNode array, String field) {
        Set<String> out = new HashSet<>();
        array.forEach(o -> out.add(o.path(field).asString()));
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

}
