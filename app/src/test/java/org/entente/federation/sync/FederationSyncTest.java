package org.entente.federation.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.entente.EntenteNode;
import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Ids.UserId;
import org.entente.community.Tier;
import org.entente.intel.ImportLabel;
import org.entente.intel.StixStore;
import org.entente.sharing.Audience;
import org.entente.stix.StixId;
import org.entente.stix.Tlp;
import org.entente.support.RunningNode;
import org.entente.support.Stix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.sun.net.httpserver.HttpServer;

/**
 * Acceptance 1 of issue 6: three nodes (own ports, homes and embedded databases) on loopback, each
 * paired with the two others. Alpha (member) shares with all members (Bravo, not Charlie the
 * observer), with task force {Alpha, Charlie}, with the whole community, and keeps one to itself;
 * Bravo shares with the whole community. Every node ends with exactly the expected set, and Charlie's
 * database never holds, in any form, what it may not see. Then: a narrowing revokes and hides, a
 * replayed page stores nothing, and a hanging peer does not block the others.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FederationSyncTest {

    static final class Node implements AutoCloseable {
        final String participant;
        final ConfigurableApplicationContext context;
        final int port;

        Node(String participant, String tier) {
            this.participant = participant;
            context = SpringApplication.run(EntenteNode.class, "--server.port=0", "--entente.home=" + RunningNode.freshHome(),
                    "--entente.admin-token=admin-" + UUID.randomUUID(), "--entente.participant=" + participant,
                    "--entente.tier=" + tier, "--entente.organisation=" + participant + " CERT",
                    "--entente.federation.insecure-peer-header=true", "--entente.federation.poll-interval=30s",
                    "--entente.federation.request-timeout=2s");
            port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        }

        String url() {
            return "http://localhost:" + port;
        }

        Community community() {
            return context.getBean(Community.class);
        }

        JdbcTemplate jdbc() {
            return context.getBean(JdbcTemplate.class);
        }

        StixStore store() {
            return context.getBean(StixStore.class);
        }

        Caller admin() {
            long id = jdbc().queryForObject("select id from app_user where username = 'admin'", Long.class);
            return community().caller(new UserId(id)).orElseThrow();
        }

        /** The same community roster on every node: names are what the wire carries. */
        void roster(Map<String, Tier> participants) {
            Community c = community();
            participants.forEach((name, tier) -> {
                if (c.participants().stream().noneMatch(p -> p.name().equals(name))) {
                    c.addOrganisation(c.addParticipant(name, tier), name + " CERT");
                }
            });
            var byName = c.participants().stream().collect(Collectors.toMap(Community.Participant::name, Community.Participant::id));
            c.addTaskForce("AC", "Alpha and Charlie", Set.of(byName.get("Alpha"), byName.get("Charlie")));
        }

        void pair(Node other) {
            var participant = community().participants().stream().filter(p -> p.name().equals(other.participant)).findFirst().orElseThrow();
            long id = context.getBean(Peers.class).add(other.url(), participant.id(), null);
            context.getBean(PeerSync.class).follow(id);
        }

        String share(Tlp tlp, Audience audience) {
            String id = "indicator--" + UUID.randomUUID();
            String indicator = """
                    {"type":"indicator","spec_version":"2.1","id":"%s","created":"2026-01-01T00:00:00.000Z",
                     "modified":"2026-01-01T00:00:00.000Z","name":"from %s","pattern":"[ipv4-addr:value = '198.51.100.%d']",
                     "pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"}""".formatted(id, participant, (int) (Math.random() * 250));
            var summary = store().ingest(new ByteArrayInputStream(Stix.bundle(List.of(indicator)).getBytes(StandardCharsets.UTF_8)),
                    new ImportLabel(admin(), Optional.of(tlp), audience));
            assertThat(summary.stored()).isEqualTo(1);
            return id;
        }

        Set<String> ids() {
            return Set.copyOf(jdbc().queryForList("select distinct id from stix_object where type = 'indicator'", String.class));
        }

        @Override
        public void close() {
            context.close();
        }
    }

    Node alpha, bravo, charlie;
    HttpServer hanging;

    @BeforeAll
    void nodes() throws Exception {
        ExecutorService starting = Executors.newFixedThreadPool(3);
        List<Future<Node>> started = starting.invokeAll(List.<Callable<Node>>of(
                () -> new Node("Alpha", "member"), () -> new Node("Bravo", "member"), () -> new Node("Charlie", "observer")));
        alpha = started.get(0).get();
        bravo = started.get(1).get();
        charlie = started.get(2).get();
        starting.shutdown();
        Map<String, Tier> roster = new java.util.LinkedHashMap<>();
        roster.put("Alpha", Tier.MEMBER);
        roster.put("Bravo", Tier.MEMBER);
        roster.put("Charlie", Tier.OBSERVER);
        for (Node n : List.of(alpha, bravo, charlie)) {
            n.roster(roster);
        }
        for (Node n : List.of(alpha, bravo, charlie)) {
            for (Node other : List.of(alpha, bravo, charlie)) {
                if (n != other) {
                    n.pair(other);
                }
            }
        }
    }

    @AfterAll
    void close() {
        if (hanging != null) {
            hanging.stop(0);
        }
        for (Node n : new Node[] {alpha, bravo, charlie}) {
            if (n != null) {
                n.close();
            }
        }
    }

    private static void eventually(Runnable assertion) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError | RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void eachNodeEndsWithExactlyWhatThePolicyReleasesToItsParticipant() throws Exception {
        var af = alpha.community().taskForces().stream().filter(t -> t.name().equals("AC")).findFirst().orElseThrow();
        String members = alpha.share(Tlp.AMBER, new Audience.AllMembers());
        String taskForce = alpha.share(Tlp.AMBER, new Audience.TaskForce(af.id()));
        String everyone = alpha.share(Tlp.GREEN, new Audience.WholeCommunity());
        String secret = alpha.share(Tlp.AMBER, new Audience.OwnOrganisation());
        String strict = alpha.share(Tlp.AMBER_STRICT, new Audience.WholeCommunity()); // above the observer ceiling
        String fromBravo = bravo.share(Tlp.GREEN, new Audience.WholeCommunity());

        // No polling needed: the push notifications trigger the pulls (the poll interval is 30 s).
        eventually(() -> {
            assertThat(alpha.ids()).containsExactlyInAnyOrder(members, taskForce, everyone, secret, strict, fromBravo);
            assertThat(bravo.ids()).containsExactlyInAnyOrder(members, everyone, strict, fromBravo);
            assertThat(charlie.ids()).containsExactlyInAnyOrder(taskForce, everyone, fromBravo);
        });
        Thread.sleep(500); // nothing more arrives later
        assertThat(charlie.ids()).containsExactlyInAnyOrder(taskForce, everyone, fromBravo);
        assertNeverReached(charlie, members, secret, strict);
        assertNeverReached(bravo, taskForce, secret);

        // Received objects keep their original owner (Alpha's organisation, mapped), not the relay's.
        var label = charlie.store().labelOf(StixId.parse(everyone)).orElseThrow();
        var alphaAtCharlie = charlie.community().participants().stream().filter(p -> p.name().equals("Alpha")).findFirst().orElseThrow();
        assertThat(label.ownerParticipant()).isEqualTo(alphaAtCharlie.id());
        assertThat(label.audience()).isInstanceOf(Audience.WholeCommunity.class);
        var tfLabel = charlie.store().labelOf(StixId.parse(taskForce)).orElseThrow();
        assertThat(((Audience.TaskForce) tfLabel.audience()).taskForce()).isEqualTo(
                charlie.community().taskForces().stream().filter(t -> t.name().equals("AC")).findFirst().orElseThrow().id());

        // Narrowing: "everyone" becomes all members; Charlie loses access, is told, and hides it.
        alpha.store().share(alpha.admin(), StixId.parse(everyone), Tlp.GREEN, new Audience.AllMembers());
        eventually(() -> {
            assertThat(charlie.ids()).containsExactlyInAnyOrder(taskForce, fromBravo);
            assertThat(bravo.store().labelOf(StixId.parse(everyone)).orElseThrow().audience()).isInstanceOf(Audience.AllMembers.class);
        });
        assertThat(bravo.ids()).contains(everyone);

        // Replaying from the start stores nothing new and changes nothing.
        long before = count(bravo);
        Peers bravoPeers = bravo.context.getBean(Peers.class);
        var alphaPeer = bravoPeers.byParticipantName("Alpha").orElseThrow();
        bravo.jdbc().update("update federation_peer set cursor = '1970-01-01T00:00:00Z' where id = ?", alphaPeer.id());
        long receivedBefore = bravoPeers.byId(alphaPeer.id()).orElseThrow().received();
        bravo.context.getBean(PeerSync.class).pull(bravoPeers.byId(alphaPeer.id()).orElseThrow());
        assertThat(count(bravo)).isEqualTo(before);
        assertThat(bravoPeers.byId(alphaPeer.id()).orElseThrow().received()).isEqualTo(receivedBefore);
        assertThat(bravo.ids()).containsExactlyInAnyOrder(members, everyone, strict, fromBravo);
    }

    @Test
    void aHangingOrGarbagePeerDoesNotBlockTheOthers() throws Exception {
        hanging = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hanging.createContext("/", exchange -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        hanging.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        hanging.start();
        HttpServer garbage = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        garbage.createContext("/", exchange -> {
            byte[] body = "{\"entries\": [ this is not json".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        garbage.start();
        try {
            Community c = bravo.community();
            var delta = c.addParticipant("Delta", Tier.MEMBER);
            c.addOrganisation(delta, "Delta CERT");
            var echo = c.addParticipant("Echo", Tier.MEMBER);
            c.addOrganisation(echo, "Echo CERT");
            Peers peers = bravo.context.getBean(Peers.class);
            bravo.context.getBean(PeerSync.class).follow(peers.add("http://127.0.0.1:" + hanging.getAddress().getPort(), delta, null));
            bravo.context.getBean(PeerSync.class).follow(peers.add("http://127.0.0.1:" + garbage.getAddress().getPort(), echo, null));

            String shared = alpha.share(Tlp.GREEN, new Audience.WholeCommunity());
            eventually(() -> assertThat(bravo.ids()).contains(shared));
            eventually(() -> {
                assertThat(peers.byParticipantName("Echo").orElseThrow().state()).isEqualTo("failing");
                assertThat(peers.byParticipantName("Echo").orElseThrow().lastError()).contains("not JSON");
                assertThat(peers.byParticipantName("Delta").orElseThrow().state()).isEqualTo("failing");
            });
            assertThat(peers.byParticipantName("Alpha").orElseThrow().state()).isEqualTo("in-sync");
        } finally {
            garbage.stop(0);
        }
    }

    private static long count(Node n) {
        return n.jdbc().queryForObject("select count(*) from stix_object", Long.class);
    }

    /** Not in the store, not in a quarantine, not in any label-change or sent record: nowhere. */
    private static void assertNeverReached(Node n, String... ids) {
        for (String id : ids) {
            assertThat(n.jdbc().queryForObject("select count(*) from stix_object where id = ? or body::text like ?", Long.class,
                    id, "%" + id + "%")).as("%s at %s", id, n.participant).isZero();
            assertThat(n.jdbc().queryForObject("select count(*) from federation_quarantine where entry like ?", Long.class,
                    "%" + id + "%")).isZero();
            assertThat(n.jdbc().queryForObject("select count(*) from stix_label_change where id = ?", Long.class, id)).isZero();
        }
    }
}
