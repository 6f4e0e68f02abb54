package org.entente.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.entente.community.Caller;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Ids.UserId;
import org.entente.community.Permission;
import org.entente.community.Tier;
import org.entente.stix.Tlp;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Example;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The policy has one definition and two readings: the Java decision and the SQL filter. They must
 * agree with each other and with the independent oracle, on every case of the access matrix and on
 * 100,000 random (community, label, caller) cases. The SQL runs on a real PostgreSQL.
 */
class SharingPolicyAgreementTest {

    private static EmbeddedPostgres postgres;
    private static Connection db;
    private static final SharingPolicy POLICY = new SharingPolicy(null);
    private static final Map<Tier, Tlp> CEILINGS = new EnumMap<>(Map.of(
            Tier.MEMBER, Tlp.RED, Tier.OBSERVER, Tlp.AMBER, Tier.DIALOGUE_PARTNER, Tlp.GREEN));

    @BeforeContainer
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(Files.createTempDirectory("policy-agreement-"))
                .setCleanDataDirectory(true).start();
        db = postgres.getPostgresDatabase().getConnection();
    }

    @AfterContainer
    static void stop() throws Exception {
        db.close();
        postgres.close();
    }

    // --- the access matrix: owner org 1 of participant 1; task force 7 = {participants 1, 3} -------------

    static final long OWNER_ORG = 1, OWNER_P = 1;

    static List<LabelRow> matrixLabels() {
        List<LabelRow> rows = new ArrayList<>();
        for (Tlp tlp : Tlp.values()) {
            for (String audience : List.of("own-organisation", "own-participant", "task-force", "all-members",
                    "members-and-observers", "whole-community", "named")) {
                rows.add(new LabelRow(OWNER_ORG, OWNER_P, tlp.ordinal(), audience,
                        audience.equals("task-force") ? 7L : null,
                        audience.equals("named") ? new long[] {2} : new long[0],
                        audience.equals("named") ? new long[] {30} : new long[0]));
            }
        }
        return rows;
    }

    /** Every tier, in every relation to the owner, with and without the read permission. */
    static List<Caller> matrixCallers() {
        List<Caller> callers = new ArrayList<>();
        long user = 1;
        for (Tier tier : Tier.values()) {
            // (organisation, participant, task forces): owner org; same participant, other org; a named
            // participant; a task-force participant; a named organisation; an outsider.
            long[][] relations = {{1, 1, 7}, {10, 1, 7}, {20, 2, 0}, {30, 3, 7}, {30, 4, 0}, {40, 5, 0}};
            for (long[] r : relations) {
                for (boolean reads : new boolean[] {true, false}) {
                    callers.add(new Caller(new UserId(user++), "u" + user, new OrganisationId(r[0]), new ParticipantId(r[1]),
                            tier, r[2] == 0 ? Set.of() : Set.of(new TaskForceId(r[2])),
                            reads ? Set.of(Permission.INTEL_READ) : Set.of(Permission.AUDIT_READ)));
                }
            }
        }
        return callers;
    }

    @Example
    void javaDecisionSqlFilterAndOracleAgreeOnEveryMatrixCase() throws Exception {
        List<LabelRow> labels = matrixLabels();
        LabelTable.load(db, labels);
        int allowed = 0;
        for (Caller caller : matrixCallers()) {
            Set<Integer> sql = LabelTable.selected(db, POLICY.filter(caller, CEILINGS, ""));
            for (int i = 0; i < labels.size(); i++) {
                boolean java = POLICY.decide(caller, labels.get(i), CEILINGS).allowed();
                boolean oracle = PolicyOracle.mayRead(caller, labels.get(i), CEILINGS);
                assertThat(java).as("Java vs oracle for %s on %s", caller, labels.get(i)).isEqualTo(oracle);
                assertThat(sql.contains(i)).as("SQL vs Java for %s on %s", caller, labels.get(i)).isEqualTo(java);
                allowed += java ? 1 : 0;
            }
        }
        // The matrix exercises both outcomes substantially (not all-allow or all-deny).
        assertThat(allowed).isBetween(100, matrixCallers().size() * labels.size() - 100);
    }

    @Example
    void everyDenialNamesThePolicyThatRefused() {
        Caller observer = new Caller(new UserId(1), "o", new OrganisationId(30), new ParticipantId(3), Tier.OBSERVER,
                Set.of(new TaskForceId(7)), Set.of(Permission.INTEL_READ));
        Caller dialogue = new Caller(new UserId(2), "d", new OrganisationId(40), new ParticipantId(5), Tier.DIALOGUE_PARTNER,
                Set.of(), Set.of(Permission.INTEL_READ));
        LabelRow amberToAll = new LabelRow(1, 1, Tlp.AMBER.ordinal(), "whole-community", null, new long[0], new long[0]);
        LabelRow redToTaskForce = new LabelRow(1, 1, Tlp.RED.ordinal(), "task-force", 7L, new long[0], new long[0]);
        LabelRow strictToObservers = new LabelRow(1, 1, Tlp.AMBER_STRICT.ordinal(), "members-and-observers", null, new long[0], new long[0]);
        LabelRow greenToMembers = new LabelRow(1, 1, Tlp.GREEN.ordinal(), "all-members", null, new long[0], new long[0]);

        assertThat(POLICY.decide(dialogue, amberToAll, CEILINGS)).isEqualTo(
                new Decision.Denied("ceiling", "a dialogue-partner never receives above TLP:GREEN"));
        assertThat(POLICY.decide(observer, redToTaskForce, CEILINGS)).extracting(d -> ((Decision.Denied) d).policy()).isEqualTo("marking");
        assertThat(POLICY.decide(observer, strictToObservers, CEILINGS)).extracting(d -> ((Decision.Denied) d).policy()).isEqualTo("ceiling");
        assertThat(POLICY.decide(observer, greenToMembers, CEILINGS)).extracting(d -> ((Decision.Denied) d).policy()).isEqualTo("audience");
        assertThat(POLICY.decide(observer, amberToAll, CEILINGS).allowed()).isTrue();
    }

    // --- 100 random communities x 100 labels x 10 callers = 100,000 cases ----------------------------

    record Community(int participants, int orgsPerParticipant, int taskForces, List<Set<Integer>> taskForceMembers,
                     List<Tier> tiers) {
        long orgOf(int participant, int index) {
            return participant * 100L + index;
        }
    }

    record Case(Community community, List<LabelRow> labels, List<Caller> callers) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Community> communities = Combinators.combine(
                        Arbitraries.integers().between(1, 8), Arbitraries.integers().between(1, 3), Arbitraries.integers().between(0, 3))
                .flatAs((participants, orgs, taskForces) -> Combinators.combine(
                                Arbitraries.integers().between(1, participants).set().ofMaxSize(participants).list().ofSize(taskForces),
                                Arbitraries.of(Tier.values()).list().ofSize(participants))
                        .as((members, tiers) -> new Community(participants, orgs, taskForces, members, tiers)));
        return communities.flatMap(c -> Combinators.combine(label(c).list().ofSize(100), caller(c).list().ofSize(10))
                .as((labels, callers) -> new Case(c, labels, callers)));
    }

    private Arbitrary<LabelRow> label(Community c) {
        Arbitrary<Integer> participant = Arbitraries.integers().between(1, c.participants());
        Arbitrary<Integer> org = Arbitraries.integers().between(0, c.orgsPerParticipant() - 1);
        Arbitrary<String> audience = Arbitraries.of("own-organisation", "own-participant", "task-force", "all-members",
                "members-and-observers", "whole-community", "named")
                .filter(a -> !a.equals("task-force") || c.taskForces() > 0);
        return Combinators.combine(participant, org, Arbitraries.integers().between(0, 4), audience,
                        Arbitraries.integers().between(1, Math.max(1, c.taskForces())),
                        participant.set().ofMaxSize(3), Combinators.combine(participant, org).as(c::orgOf).set().ofMaxSize(3))
                .as((p, o, tlp, a, tf, named, namedOrgs) -> {
                    boolean isNamed = a.equals("named");
                    Set<Integer> ps = isNamed && named.isEmpty() && namedOrgs.isEmpty() ? Set.of(p) : named;
                    return new LabelRow(c.orgOf(p, o), p, tlp, a, a.equals("task-force") ? (long) tf : null,
                            isNamed ? ps.stream().mapToLong(Integer::longValue).toArray() : new long[0],
                            isNamed ? namedOrgs.stream().mapToLong(Long::longValue).toArray() : new long[0]);
                });
    }

    private Arbitrary<Caller> caller(Community c) {
        return Combinators.combine(Arbitraries.integers().between(1, c.participants()),
                        Arbitraries.integers().between(0, c.orgsPerParticipant() - 1),
                        Arbitraries.of(Permission.values()).set().ofMinSize(0).ofMaxSize(4))
                .as((p, o, perms) -> {
                    Set<TaskForceId> memberOf = new HashSet<>();
                    for (int t = 0; t < c.taskForces(); t++) {
                        if (c.taskForceMembers().get(t).contains(p)) {
                            memberOf.add(new TaskForceId(t + 1));
                        }
                    }
                    return new Caller(new UserId(p * 100L + o), "u", new OrganisationId(c.orgOf(p, o)), new ParticipantId(p),
                            c.tiers().get(p - 1), memberOf, perms);
                });
    }

    @Property(tries = 100)
    void noCallerEverSeesALabelOutsideTheirAudienceInJavaOrSql(@ForAll("cases") Case test) throws Exception {
        LabelTable.load(db, test.labels());
        for (Caller caller : test.callers()) {
            Set<Integer> sql = LabelTable.selected(db, POLICY.filter(caller, CEILINGS, ""));
            for (int i = 0; i < test.labels().size(); i++) {
                LabelRow label = test.labels().get(i);
                boolean oracle = PolicyOracle.mayRead(caller, label, CEILINGS);
                assertThat(POLICY.decide(caller, label, CEILINGS).allowed()).as("Java: %s on %s", caller, label).isEqualTo(oracle);
                assertThat(sql.contains(i)).as("SQL: %s on %s", caller, label).isEqualTo(oracle);
            }
        }
    }
}
