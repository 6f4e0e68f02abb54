package org.entente.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.entente.community.Caller;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Ids.UserId;
import org.entente.community.Permission;
import org.entente.community.Tier;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A participant as recipient (what a federation peer serving it receives) is "what at least one of its
 * organisations may read". The Java decision, the SQL filter and that definition (the oracle applied
 * to each organisation of the participant) must agree on the access matrix and on random cases.
 */
class ParticipantRecipientAgreementTest {

    private static EmbeddedPostgres postgres;
    private static Connection db;
    private static final SharingPolicy POLICY = new SharingPolicy(null);
    private static final Map<Tier, Tlp> CEILINGS = new EnumMap<>(Map.of(
            Tier.MEMBER, Tlp.RED, Tier.OBSERVER, Tlp.AMBER, Tier.DIALOGUE_PARTNER, Tlp.GREEN));

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("participant-agreement-"))
                .setCleanDataDirectory(true).start();
        db = postgres.getPostgresDatabase().getConnection();
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
        postgres.close();
    }

    /** The definition: some organisation of the participant, as a reader, may read it. */
    static boolean oracle(ParticipantRecipient r, LabelRow label) {
        return r.organisations().stream().anyMatch(o -> PolicyOracle.mayRead(new Caller(new UserId(1), "peer", o,
                r.participant(), r.tier(), r.taskForces(), Set.of(Permission.INTEL_READ)), label, CEILINGS));
    }

    static List<ParticipantRecipient> matrixRecipients() {
        List<ParticipantRecipient> out = new ArrayList<>();
        for (Tier tier : Tier.values()) {
            // the owner's participant (orgs 1, 10); a named participant; a task-force participant whose org 30 is
            // named; a participant with a named organisation among others; an outsider.
            out.add(new ParticipantRecipient(new ParticipantId(1), tier, Set.of(new TaskForceId(7)), orgs(1, 10)));
            out.add(new ParticipantRecipient(new ParticipantId(1), tier, Set.of(new TaskForceId(7)), orgs(10)));
            out.add(new ParticipantRecipient(new ParticipantId(2), tier, Set.of(), orgs(20)));
            out.add(new ParticipantRecipient(new ParticipantId(3), tier, Set.of(new TaskForceId(7)), orgs(30, 31)));
            out.add(new ParticipantRecipient(new ParticipantId(4), tier, Set.of(), orgs(41, 30)));
            out.add(new ParticipantRecipient(new ParticipantId(5), tier, Set.of(), orgs(50)));
        }
        return out;
    }

    private static Set<OrganisationId> orgs(long... ids) {
        return java.util.Arrays.stream(ids).mapToObj(OrganisationId::new).collect(Collectors.toSet());
    }

    @Test
    void javaSqlAndDefinitionAgreeOnTheMatrix() throws Exception {
        List<LabelRow> labels = SharingPolicyAgreementTest.matrixLabels();
        LabelTable.load(db, labels);
        int allowed = 0;
        for (ParticipantRecipient r : matrixRecipients()) {
            Set<Integer> sql = LabelTable.selected(db, POLICY.filter(r, CEILINGS, ""));
            for (int i = 0; i < labels.size(); i++) {
                boolean java = POLICY.decide(r, labels.get(i), CEILINGS).allowed();
                assertThat(java).as("Java vs definition for %s on %s", r, labels.get(i)).isEqualTo(oracle(r, labels.get(i)));
                assertThat(sql.contains(i)).as("SQL vs Java for %s on %s", r, labels.get(i)).isEqualTo(java);
                allowed += java ? 1 : 0;
            }
        }
        assertThat(allowed).isBetween(50, matrixRecipients().size() * labels.size() - 50);
    }

    @Test
    void javaSqlAndDefinitionAgreeOnRandomCases() throws Exception {
        Random random = new Random(6);
        String[] audiences = {"own-organisation", "own-participant", "task-force", "all-members", "members-and-observers",
                "whole-community", "named"};
        for (int round = 0; round < 20; round++) {
            List<LabelRow> labels = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                String audience = audiences[random.nextInt(audiences.length)];
                long[] ps = random.longs(random.nextInt(3), 1, 6).toArray();
                long[] os = random.longs(audience.equals("named") && ps.length == 0 ? 1 + random.nextInt(2) : random.nextInt(3), 1, 13).toArray();
                labels.add(new LabelRow(1 + random.nextInt(12), 1 + random.nextInt(5), random.nextInt(5), audience,
                        audience.equals("task-force") ? (long) (1 + random.nextInt(3)) : null,
                        audience.equals("named") ? ps : new long[0], audience.equals("named") ? os : new long[0]));
            }
            LabelTable.load(db, labels);
            for (int k = 0; k < 10; k++) {
                long p = 1 + random.nextInt(5);
                // participant p owns organisations p, p + 5 (and p + 10 for some)
                Set<OrganisationId> organisations = random.nextBoolean() ? orgs(p, p + 5) : orgs(p, p + 5, p + 10);
                Set<TaskForceId> tfs = random.ints(random.nextInt(3), 1, 4).mapToObj(t -> new TaskForceId(t)).collect(Collectors.toSet());
                var r = new ParticipantRecipient(new ParticipantId(p), Tier.values()[random.nextInt(3)], tfs, organisations);
                Set<Integer> sql = LabelTable.selected(db, POLICY.filter(r, CEILINGS, ""));
                for (int i = 0; i < labels.size(); i++) {
                    boolean java = POLICY.decide(r, labels.get(i), CEILINGS).allowed();
                    assertThat(java).as("Java vs definition for %s on %s", r, labels.get(i)).isEqualTo(oracle(r, labels.get(i)));
                    assertThat(sql.contains(i)).as("SQL vs Java for %s on %s", r, labels.get(i)).isEqualTo(java);
                }
            }
        }
    }
}
