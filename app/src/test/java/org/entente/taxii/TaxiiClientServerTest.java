package org.entente.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.entente.community.Tier;
import org.entente.stix.StixJson;
import org.entente.taxii.client.Cursor;
import org.entente.taxii.client.PushListener;
import org.entente.taxii.client.PushResult;
import org.entente.taxii.client.Query;
import org.entente.taxii.client.TaxiiClient;
import org.entente.taxii.client.TaxiiCollection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import tools.jackson.databind.JsonNode;

/**
 * Issue 4 acceptance 3: Entente's TAXII client ({@code org.entente.taxii.client}) pulls from Entente's
 * server on this node and on a second node started in the same JVM, in the same test, and gets exactly the
 * objects each holds for the caller: discovery (4.1), API root (4.2), collections (5.1), add + status
 * (5.5, 4.3), paged objects (5.4) and an incremental pull by added_after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaxiiClientServerTest extends TaxiiTestSupport {

    SecondNode second;
    User here;
    User there;

    @BeforeAll
    void nodes() {
        second = new SecondNode();
        String run = java.util.UUID.randomUUID().toString();
        var participant = community.addParticipant("Client test " + run, Tier.MEMBER);
        here = user(community, jdbc, community.addOrganisation(participant, "Client test organisation " + run), "publisher");
        there = second.freshOrganisationUser("publisher");
    }

    @AfterAll
    void stop() {
        if (second != null) {
            second.close();
        }
    }

    private static List<JsonNode> objects(String prefix, int n, String modified) {
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(StixJson.MAPPER.readTree(i % 2 == 0
                    ? identity(newId("identity"), prefix + " " + i, modified)
                    : indicator(newId("indicator"), modified)));
        }
        return out;
    }

    private static Map<String, JsonNode> byKey(List<JsonNode> objects) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        objects.forEach(o -> out.put(o.path("id").asString() + "|" + o.path("modified").asString(), o));
        return out;
    }

    @Test
    @DisplayName("The client pushes to and pulls from this node and a second node: exactly each node's objects, incrementally too")
    void clientPullsFromBothNodes() {
        try (TaxiiClient local = TaxiiClient.builder(uri("/taxii2/").toString()).bearerToken(here.token()).pageSize(3).build();
             TaxiiClient remote = TaxiiClient.builder("http://localhost:" + second.port + "/taxii2/")
                     .basicAuth(there.username(), there.token()).pageSize(4).build()) {
            assertThat(local.discovery()).isPresent();
            assertThat(local.apiRoot().supportsTaxii21()).isTrue();
            assertThat(remote.apiRootUrl().toString()).isEqualTo("http://localhost:" + second.port + "/taxii2/api/");

            TaxiiCollection localInbox = local.selectCollection("Inbox", TaxiiClient.Access.WRITE);
            TaxiiCollection remoteInbox = remote.selectCollection("Inbox", TaxiiClient.Access.WRITE);
            assertThat(localInbox.id()).isEqualTo(remoteInbox.id()); // name-based ids: the same on every node

            List<JsonNode> localObjects = objects("here", 7, "2025-02-01T00:00:00.000Z");
            List<JsonNode> remoteObjects = objects("there", 10, "2025-02-01T00:00:00.000Z");
            // A second version of one local object: a pull gives the latest version only.
            JsonNode newer = ((tools.jackson.databind.node.ObjectNode) localObjects.get(0).deepCopy())
                    .put("modified", "2025-03-01T00:00:00.000Z");
            List<JsonNode> localPush = new ArrayList<>(localObjects);
            localPush.add(newer);
            PushResult pushedHere = local.push(localInbox.id(), localPush.iterator(), 3, PushListener.NONE);
            PushResult pushedThere = remote.push(remoteInbox.id(), remoteObjects.iterator(), 4, PushListener.NONE);
            assertThat(pushedHere.ok()).as(pushedHere.toString()).isTrue();
            assertThat(pushedThere.ok()).as(pushedThere.toString()).isTrue();
            assertThat(pushedHere.succeeded()).isEqualTo(8);
            assertThat(pushedThere.succeeded()).isEqualTo(10);

            List<JsonNode> pulledHere = new ArrayList<>();
            List<JsonNode> pulledThere = new ArrayList<>();
            Cursor hereCursor = Cursor.start();
            Cursor thereCursor = Cursor.start();
            var resultHere = local.pull(localInbox.id(), hereCursor, pulledHere::add);
            var resultThere = remote.pull(remoteInbox.id(), thereCursor, pulledThere::add);

            List<JsonNode> expectedHere = new ArrayList<>(localObjects.subList(1, localObjects.size()));
            expectedHere.add(newer);
            assertThat(byKey(pulledHere)).containsExactlyInAnyOrderEntriesOf(byKey(expectedHere));
            assertThat(pulledHere).hasSize(expectedHere.size());
            assertThat(byKey(pulledThere)).containsExactlyInAnyOrderEntriesOf(byKey(remoteObjects));
            assertThat(pulledThere).hasSize(remoteObjects.size());
            assertThat(resultHere.pages()).isGreaterThan(1);
            assertThat(resultThere.pages()).isGreaterThan(1);

            // Incremental: only what was added since, on each node.
            List<JsonNode> laterThere = objects("there later", 3, "2025-04-01T00:00:00.000Z");
            assertThat(remote.push(remoteInbox.id(), laterThere.iterator(), 10, PushListener.NONE).ok()).isTrue();
            List<JsonNode> again = new ArrayList<>();
            remote.pull(remoteInbox.id(), thereCursor, again::add);
            assertThat(byKey(again)).containsExactlyInAnyOrderEntriesOf(byKey(laterThere));
            List<JsonNode> nothingNew = new ArrayList<>();
            local.pull(localInbox.id(), hereCursor, nothingNew::add);
            assertThat(nothingNew).isEmpty();

            // All versions through the client's query: the local object's two versions.
            List<JsonNode> versions = local.getObject(localInbox.id(), newer.path("id").asString(), Query.ALL.versions("all")).objects();
            assertThat(versions).hasSize(2);
            // Objects of one node are not on the other.
            assertThat(remote.getObjects(remoteInbox.id(), Query.ALL.ids(newer.path("id").asString())).objects()).isEmpty();
        }
    }
}
