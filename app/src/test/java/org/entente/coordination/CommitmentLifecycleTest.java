package org.entente.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.entente.coordination.CommitmentStatus.ACCEPTED;
import static org.entente.coordination.CommitmentStatus.DONE;
import static org.entente.coordination.CommitmentStatus.IN_PROGRESS;
import static org.entente.coordination.CommitmentStatus.LAPSED;
import static org.entente.coordination.CommitmentStatus.PROPOSED;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The commitments of the Qingdao meeting (2025-06-26): Russia to conduct joint anti-terrorism drills,
 * India to enhance cybersecurity protocols, Kazakhstan to facilitate intelligence sharing.
 */
class CommitmentLifecycleTest {

    static final LocalDate DUE = LocalDate.of(2025, 12, 31);
    static final LocalDate BEFORE = LocalDate.of(2025, 9, 1);
    static final LocalDate AFTER = LocalDate.of(2026, 1, 15);

    @Test
    void kazakhstanCommitsToIntelligenceSharingAndDeliversStepByStep() {
        assertThat(PROPOSED.to(ACCEPTED, DUE, BEFORE, null)).isInstanceOf(Transition.Allowed.class);
        assertThat(ACCEPTED.to(IN_PROGRESS, DUE, BEFORE, null)).isInstanceOf(Transition.Allowed.class);
        assertThat(IN_PROGRESS.to(DONE, DUE, BEFORE, null)).isInstanceOf(Transition.Allowed.class);
    }

    @Test
    void aCommitmentLapsesWhenOverdueOrWhenAbandonedWithAReason() {
        for (CommitmentStatus open : Set.of(PROPOSED, ACCEPTED, IN_PROGRESS)) {
            assertThat(open.to(LAPSED, DUE, AFTER, null)).as(open + " overdue").isInstanceOf(Transition.Allowed.class);
            assertThat(open.to(LAPSED, DUE, BEFORE, "the drills were cancelled")).isInstanceOf(Transition.Allowed.class);
            assertThat(open.to(LAPSED, DUE, BEFORE, " ")).isInstanceOf(Transition.Refused.class)
                    .extracting(t -> ((Transition.Refused) t).reason()).asString().contains("overdue").contains("abandon");
        }
    }

    /** Every pair of statuses outside the allowed ones is refused, naming from, to and a reason. */
    @Test
    void everyIllegalTransitionIsRefusedWithItsReason() {
        Map<CommitmentStatus, Set<CommitmentStatus>> legal = Map.of(
                PROPOSED, Set.of(ACCEPTED, LAPSED), ACCEPTED, Set.of(IN_PROGRESS, LAPSED), IN_PROGRESS, Set.of(DONE, LAPSED),
                DONE, Set.of(), LAPSED, Set.of());
        Map<String, String> expected = Map.ofEntries(
                Map.entry("proposed->proposed", "is proposed already"),
                Map.entry("proposed->in-progress", "must be accepted first"),
                Map.entry("proposed->done", "must be accepted first"),
                Map.entry("accepted->proposed", "never goes back to proposed"),
                Map.entry("accepted->accepted", "is accepted already"),
                Map.entry("accepted->done", "must be in-progress first"),
                Map.entry("in-progress->proposed", "never goes back to proposed"),
                Map.entry("in-progress->accepted", "never goes back to accepted"),
                Map.entry("in-progress->in-progress", "is in-progress already"));
        int refused = 0;
        for (CommitmentStatus from : CommitmentStatus.values()) {
            for (CommitmentStatus to : CommitmentStatus.values()) {
                Transition t = from.to(to, DUE, AFTER, "note");
                if (legal.get(from).contains(to)) {
                    assertThat(t).as(from + "->" + to).isEqualTo(new Transition.Allowed(from.code(), to.code()));
                    continue;
                }
                refused++;
                assertThat(t).as(from + "->" + to).isInstanceOf(Transition.Refused.class);
                Transition.Refused r = (Transition.Refused) t;
                assertThat(r.from()).isEqualTo(from.code());
                assertThat(r.to()).isEqualTo(to.code());
                String reason = from.isFinal() ? "a " + from.code() + " commitment is final" : expected.get(from.code() + "->" + to.code());
                assertThat(r.reason()).as(from + "->" + to).contains(reason);
                assertThatThrownBy(() -> t.orThrow("commitment 7"))
                        .isInstanceOf(CoordinationException.IllegalTransition.class)
                        .hasMessageContaining("commitment 7 cannot go from '" + from.code() + "' to '" + to.code() + "'");
            }
        }
        assertThat(refused).isEqualTo(25 - 6);
    }
}
