package org.entente.demo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Ids.UserId;
import org.entente.community.Tier;
import org.entente.coordination.Commitments;
import org.entente.coordination.Declarations;
import org.entente.coordination.Meetings;
import org.entente.identity.ApiTokens;
import org.entente.intel.ImportLabel;
import org.entente.intel.StixStore;
import org.entente.node.NodeProperties;
import org.entente.sharing.Audience;
import org.entente.stix.StixJson;
import org.entente.stix.Tlp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * {@code ./entente up --demo}: on the first start of a fresh home, loads a sample community reproducing
 * the seeds' event (22nd meeting of defence ministers, Qingdao, 2025-06-26) through the real services,
 * so every step is audited: participants with tiers, organisations, users (tokens printed once and left
 * in {@code <home>/demo-credentials.txt}, owner-only), the meeting with agenda and outcomes, the
 * commitments table, a counter-terrorism and a cyber task force, the declaration India withheld (closed,
 * not adopted, chair's statement), and intelligence: a curated ATT&amp;CK slice (classpath
 * {@code demo/attack-slice.json}) plus indicators and a sighting under different labels. Loaded once:
 * table {@code demo_load} records it.
 */
@Component
@ConditionalOnProperty(name = "entente.demo", havingValue = "true")
class DemoCommunity {

    static final String CREDENTIALS = "demo-credentials.txt";
    private static final Logger log = LoggerFactory.getLogger(DemoCommunity.class);

    private final JdbcClient jdbc;
    private final Community community;
    private final ApiTokens tokens;
    private final Meetings meetings;
    private final Commitments commitments;
    private final Declarations declarations;
    private final StixStore store;
    private final NodeProperties node;

    DemoCommunity(JdbcClient jdbc, Community community, ApiTokens tokens, Meetings meetings, Commitments commitments,
                  Declarations declarations, StixStore store, NodeProperties node) {
        this.jdbc = jdbc;
        this.community = community;
        this.tokens = tokens;
        this.meetings = meetings;
        this.commitments = commitments;
        this.declarations = declarations;
        this.store = store;
        this.node = node;
    }

    /** After every runner (the administrator bootstrap names the home participant first). */
    @EventListener(ApplicationReadyEvent.class)
    public void run() {
        if (jdbc.sql("select count(*) from demo_load").query(Long.class).single() > 0) {
            log.info("Demo community already loaded in this home");
            return;
        }
        load();
        jdbc.sql("insert into demo_load default values").update();
    }

    private record Member(ParticipantId participant, OrganisationId org, Caller delegate) {
    }

    void load() {
        // Participants named by the seeds: ten member states, Afghanistan (observer), Türkiye (dialogue partner).
        Map<String, Member> m = new LinkedHashMap<>();
        Map<String, String> credentials = new LinkedHashMap<>();
        ParticipantId home = community.home().id();
        String[][] members = {{"China", "CN Ministry of National Defence"}, {"Russia", "RU Ministry of Defence"},
                {"India", "IN Ministry of Defence"}, {"Pakistan", "PK Ministry of Defence"}, {"Iran", "IR Ministry of Defence"},
                {"Belarus", "BY Ministry of Defence"}, {"Kazakhstan", "KZ Ministry of Defence"},
                {"Kyrgyzstan", "KG Ministry of Defence"}, {"Tajikistan", "TJ Ministry of Defence"},
                {"Uzbekistan", "UZ Ministry of Defence"}};
        for (String[] p : members) {
            boolean isHome = p[0].equals(community.home().name());
            ParticipantId id = isHome ? home : community.addParticipant(p[0], Tier.MEMBER);
            OrganisationId org = isHome ? community.organisations().stream().filter(o -> o.participant().equals(home))
                    .findFirst().orElseThrow().id() : community.addOrganisation(id, p[1]);
            m.put(p[0], new Member(id, org, null));
        }
        ParticipantId af = community.addParticipant("Afghanistan", Tier.OBSERVER);
        m.put("Afghanistan", new Member(af, community.addOrganisation(af, "AF Ministry of Defence"), null));
        ParticipantId tr = community.addParticipant("Türkiye", Tier.DIALOGUE_PARTNER);
        m.put("Türkiye", new Member(tr, community.addOrganisation(tr, "TR National Police"), null));
        OrganisationId kzCert = community.addOrganisation(m.get("Kazakhstan").participant(), "KZ-CERT");
        OrganisationId certIn = community.addOrganisation(m.get("India").participant(), "CERT-In");

        TaskForceId ct = community.addTaskForce("Counter-terrorism task force",
                "Established at Qingdao 2025: collaborative drills and intelligence networks against terrorist networks",
                ids(m, "China", "Russia", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan", "Pakistan", "Afghanistan"));
        TaskForceId cyber = community.addTaskForce("Cyber task force",
                "Shared protocols and response strategies against cyber intrusions",
                ids(m, "China", "Russia", "India", "Iran", "Belarus", "Kazakhstan"));

        // Users: a delegate per member state (they endorse or withhold), plus a few analysts and readers.
        for (String name : m.keySet()) {
            Member x = m.get(name);
            String role = community.participants().stream().filter(p -> p.id().equals(x.participant())).findFirst()
                    .orElseThrow().tier() == Tier.MEMBER ? "delegate" : "reader";
            String username = "demo-" + slug(name) + "-" + role;
            UserId user = community.addUser(username, x.org(), Set.of(role));
            m.put(name, new Member(x.participant(), x.org(), community.caller(user).orElseThrow()));
            if (Set.of("China", "Russia", "India", "Kazakhstan", "Afghanistan", "Türkiye").contains(name)) {
                credentials.put(username, tokens.issueForNewUser(user, username, "demo"));
            }
        }
        Caller kzAnalyst = user("demo-kz-cert-publisher", kzCert, "publisher", credentials);
        Caller inAnalyst = user("demo-cert-in-publisher", certIn, "publisher", credentials);
        Caller ruAnalyst = user("demo-russia-publisher", m.get("Russia").org(), "publisher", credentials);
        Caller cnAnalyst = user("demo-china-publisher", m.get("China").org(), "publisher", credentials);

        // The meeting, its commitments, the declaration.
        Caller chair = m.get("China").delegate();
        long meeting = meetings.create(chair, json(Map.of(
                "title", "22nd Meeting of SCO Ministers of Defence",
                "place", "Qingdao, China",
                "date", "2025-06-26",
                "participants", m.values().stream().map(x -> x.participant().value()).toList(),
                "agenda", List.of("Global and regional security challenges",
                        "Counter-terrorism: collaborative drills and intelligence networks",
                        "Cybersecurity: shared protocols and response strategies",
                        "Capacity building: training workshops and technology sharing",
                        "Joint military exercises and interoperability",
                        "Joint declaration of the defence ministers"))));
        long[] commitmentIds = {
                commitment(chair, m.get("Russia"), "Conduct joint anti-terrorism drills", meeting),
                commitment(chair, m.get("India"), "Enhance cybersecurity protocols", meeting),
                commitment(chair, m.get("Kazakhstan"), "Facilitate intelligence sharing", meeting)};
        List<Long> fullMembers = m.entrySet().stream().filter(e -> e.getValue().delegate().tier() == Tier.MEMBER)
                .map(e -> e.getValue().participant().value()).toList();
        String declaration = declarations.create(chair, json(Map.of(
                "title", "Qingdao joint declaration of the defence ministers",
                "text", "The ministers of defence reaffirm their commitment to regional security and stability, to joint"
                        + " military exercises, to a dedicated counter-terrorism task force and to cooperation in cybersecurity.",
                "signatories", fullMembers,
                "meeting", meeting)));
        declarations.circulate(chair, declaration);
        for (var e : m.entrySet()) {
            Caller delegate = e.getValue().delegate();
            if (delegate.tier() != Tier.MEMBER) {
                continue;
            }
            if (e.getKey().equals("India")) {
                declarations.decide(delegate, declaration, json(Map.of("version", 1, "decision", "withhold",
                        "reason", "The text has no explicit reference to cross-border terrorism.")));
            } else {
                declarations.decide(delegate, declaration, json(Map.of("version", 1, "decision", "endorse")));
            }
        }
        declarations.close(chair, declaration);
        declarations.chairStatement(chair, declaration, json(Map.of("text",
                "Chair's statement: the ministers discussed global and regional security, counter-terrorism and"
                        + " cybersecurity; no joint declaration was adopted, as one member withheld its endorsement.")));
        meetings.addOutcome(chair, meeting, json(Map.of("text", "Establishment of a dedicated counter-terrorism task force",
                "task_force", ct.value())));
        meetings.addOutcome(chair, meeting, json(Map.of("text", "Increased collaboration in cybersecurity initiatives",
                "task_force", cyber.value())));
        for (long c : commitmentIds) {
            meetings.addOutcome(chair, meeting, json(Map.of("text", "Commitment recorded", "commitment", c)));
        }
        meetings.addOutcome(chair, meeting, json(Map.of("text",
                "No joint declaration: India withheld (no explicit reference to cross-border terrorism); chair's statement issued",
                "declaration", declaration)));

        // Intelligence: ATT&CK for the whole community, indicators and a sighting under narrower labels.
        try (InputStream in = DemoCommunity.class.getResourceAsStream("/demo/attack-slice.json")) {
            store.ingest(in, new ImportLabel(cnAnalyst, Optional.of(Tlp.GREEN), new Audience.WholeCommunity()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String borderC2 = "indicator--" + UUID.nameUUIDFromBytes("demo border-post c2".getBytes(StandardCharsets.UTF_8));
        stix(kzAnalyst, Tlp.AMBER, new Audience.TaskForce(ct), indicator(borderC2, "Border-post C2 beacon",
                "[domain-name:value = 'c2.border-post.example']", "Command and control of a campaign against border posts."));
        stix(kzAnalyst, Tlp.AMBER, new Audience.TaskForce(ct), """
                {"type":"sighting","spec_version":"2.1","id":"sighting--%s","created":"2025-06-20T06:00:00.000Z",
                 "modified":"2025-06-20T06:00:00.000Z","sighting_of_ref":"%s","count":4,
                 "first_seen":"2025-06-18T00:00:00Z","last_seen":"2025-06-20T00:00:00Z"}"""
                .formatted(UUID.nameUUIDFromBytes("demo sighting".getBytes(StandardCharsets.UTF_8)), borderC2));
        stix(ruAnalyst, Tlp.AMBER, new Audience.AllMembers(), indicator(
                "indicator--" + UUID.nameUUIDFromBytes("demo members-only".getBytes(StandardCharsets.UTF_8)),
                "Members-only: drill-planning phishing domain", "[domain-name:value = 'drill-planning.example']",
                "Phishing aimed at the planners of the joint anti-terrorism drills. Members only."));
        stix(inAnalyst, Tlp.GREEN, new Audience.TaskForce(cyber), indicator(
                "indicator--" + UUID.nameUUIDFromBytes("demo cyber".getBytes(StandardCharsets.UTF_8)),
                "Ministry portal credential-harvesting URL", "[url:value = 'https://mod-portal.example/login']",
                "Credential harvesting against defence ministries' portals."));
        stix(cnAnalyst, Tlp.RED, new Audience.Named(Set.of(m.get("Russia").participant()), Set.of()), indicator(
                "indicator--" + UUID.nameUUIDFromBytes("demo red".getBytes(StandardCharsets.UTF_8)),
                "Named RED: naval base scanner", "[ipv4-addr:value = '203.0.113.45']",
                "Scanning of the Qingdao naval base perimeter. TLP:RED, Russia only."));

        announce(credentials, meeting, declaration, ct, cyber);
    }

    private Caller user(String username, OrganisationId org, String role, Map<String, String> credentials) {
        UserId user = community.addUser(username, org, Set.of(role));
        credentials.put(username, tokens.issueForNewUser(user, username, "demo"));
        return community.caller(user).orElseThrow();
    }

    private long commitment(Caller chair, Member who, String text, long meeting) {
        return commitments.create(chair, json(Map.of("participant", who.participant().value(), "text", text,
                "responsible_organisation", who.org().value(), "due", "2026-06-26", "meeting", meeting)));
    }

    private void stix(Caller owner, Tlp tlp, Audience audience, String object) {
        store.ingest(new ByteArrayInputStream(object.getBytes(StandardCharsets.UTF_8)),
                new ImportLabel(owner, Optional.of(tlp), audience));
    }

    private static String indicator(String id, String name, String pattern, String description) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s","created":"2025-06-20T06:00:00.000Z",
                 "modified":"2025-06-20T06:00:00.000Z","name":"%s","description":"%s","pattern":"%s","pattern_type":"stix",
                 "valid_from":"2025-06-20T06:00:00Z","indicator_types":["malicious-activity"]}"""
                .formatted(id, name, description, pattern);
    }

    private static Set<ParticipantId> ids(Map<String, Member> m, String... names) {
        Set<ParticipantId> out = new java.util.HashSet<>();
        for (String n : names) {
            out.add(m.get(n).participant());
        }
        return out;
    }

    private static String slug(String name) {
        return name.toLowerCase().replace("ü", "u").replaceAll("[^a-z0-9]+", "-");
    }

    private static JsonNode json(Map<String, Object> map) {
        return StixJson.MAPPER.valueToTree(map);
    }

    private void announce(Map<String, String> credentials, long meeting, String declaration, TaskForceId ct, TaskForceId cyber) {
        StringBuilder text = new StringBuilder();
        text.append("DEMO community loaded (sample data: the 22nd meeting of defence ministers, Qingdao, 2025-06-26).\n");
        text.append("DEMO credentials, shown once (API tokens; use as Bearer tokens, or as the password of HTTP Basic):\n");
        credentials.forEach((u, t) -> text.append("  ").append(u).append("  ").append(t).append('\n'));
        text.append("Meeting ").append(meeting).append(", declaration ").append(declaration)
                .append(", task forces ").append(ct.value()).append(" (counter-terrorism) and ").append(cyber.value()).append(" (cyber).\n");
        if (org.entente.node.Terminal.interactive()) {
            // To the terminal only, never through the logger: log files and collectors keep no token.
            PrintStream out = System.out;
            out.println();
            out.println(text.toString().indent(2));
        } else {
            log.info("DEMO community loaded; output is not a terminal, so its tokens are not printed: they are in {} (owner-only)",
                    node.home().resolve(CREDENTIALS));
        }
        Path file = node.home().resolve(CREDENTIALS);
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text);
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("Could not write {}: {}", file, e.getMessage());
        }
    }
}
