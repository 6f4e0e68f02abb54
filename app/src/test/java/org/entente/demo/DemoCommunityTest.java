package org.entente.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.entente.support.RunningNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/** A node started with --demo holds the seeds' community, meeting, declaration and intelligence, visible through the API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DemoCommunityTest {

    /** A node of its own (demo mode): a home of its own, never RunningNode's. */
    private static final Path HOME = RunningNode.freshHome();
    private static final String ADMIN = "demo-admin-" + UUID.randomUUID();

    @DynamicPropertySource
    static void demo(DynamicPropertyRegistry registry) {
        registry.add("entente.home", HOME::toString);
        registry.add("entente.admin-token", () -> ADMIN);
        registry.add("entente.demo", () -> "true");
        registry.add("entente.participant", () -> "China");
        registry.add("entente.organisation", () -> "CN Ministry of National Defence");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DemoCommunity demo;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theDemoCommunityIsThereThroughTheApi() throws Exception {
        Map<String, String> tokens = new HashMap<>();
        for (String line : Files.readAllLines(HOME.resolve(DemoCommunity.CREDENTIALS))) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].startsWith("demo-")) {
                tokens.put(parts[0], parts[1]);
            }
        }
        String kz = tokens.get("demo-kazakhstan-delegate");
        String observer = tokens.get("demo-afghanistan-reader");
        assertThat(kz).isNotNull();
        assertThat(observer).isNotNull();

        JsonNode community = get(ADMIN, "/api/v1/community");
        String text = community.toString();
        assertThat(text).contains("China", "Russia", "India", "Pakistan", "Iran", "Belarus", "Kazakhstan", "Kyrgyzstan",
                "Tajikistan", "Uzbekistan", "Afghanistan", "Türkiye", "Counter-terrorism task force", "Cyber task force");
        assertThat(jdbc.queryForObject("select count(*) from participant where tier = 'member'", Long.class)).isEqualTo(10L);
        assertThat(jdbc.queryForObject("select tier from participant where name = 'Afghanistan'", String.class)).isEqualTo("observer");
        assertThat(jdbc.queryForObject("select tier from participant where name = 'Türkiye'", String.class)).isEqualTo("dialogue-partner");

        JsonNode meetings = get(kz, "/api/v1/coordination/meetings");
        assertThat(meetings.toString()).contains("22nd Meeting of SCO Ministers of Defence", "Qingdao", "2025-06-26");
        long meeting = meetings.path("meetings").get(0).path("id").asLong();
        JsonNode m = get(kz, "/api/v1/coordination/meetings/" + meeting);
        assertThat(m.path("agenda").size()).isGreaterThanOrEqualTo(5);
        assertThat(m.toString()).contains("counter-terrorism task force");

        String commitments = get(kz, "/api/v1/coordination/commitments").toString();
        assertThat(commitments).contains("Conduct joint anti-terrorism drills", "Enhance cybersecurity protocols",
                "Facilitate intelligence sharing");

        JsonNode declarations = get(kz, "/api/v1/coordination/declarations");
        String id = declarations.path("declarations").get(0).path("id").asString();
        JsonNode d = get(kz, "/api/v1/coordination/declarations/" + id);
        assertThat(d.path("state").asString()).isEqualTo("chair-statement");
        assertThat(d.toString()).contains("cross-border terrorism", "Chair's statement").doesNotContain("\"adopted\"");

        // Intelligence: ATT&CK for everyone, a members-only indicator the observer cannot see.
        assertThat(get(observer, "/api/v1/objects/count?type=attack-pattern").toString()).doesNotContain("\"count\":0");
        assertThat(get(observer, "/api/v1/objects?type=intrusion-set").toString()).contains("APT28");
        String membersOnly = "indicator--" + UUID.nameUUIDFromBytes("demo members-only".getBytes());
        assertThat(status(kz, "/api/v1/objects/" + membersOnly)).isEqualTo(200);
        assertThat(status(observer, "/api/v1/objects/" + membersOnly)).isEqualTo(404);
        assertThat(get(observer, "/api/v1/objects?type=indicator").toString()).doesNotContain("Members-only")
                .contains("Border-post C2 beacon");

        // Audited, and loaded once: a second run changes nothing.
        assertThat(jdbc.queryForObject("select count(*) from audit_log where action = 'DECLARATION'", Long.class)).isGreaterThanOrEqualTo(10L);
        long participants = jdbc.queryForObject("select count(*) from participant", Long.class);
        demo.run();
        assertThat(jdbc.queryForObject("select count(*) from participant", Long.class)).isEqualTo(participants);
    }

    private JsonNode get(String token, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return org.entente.stix.StixJson.MAPPER.readTree(r.body());
    }

    private int status(String token, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
