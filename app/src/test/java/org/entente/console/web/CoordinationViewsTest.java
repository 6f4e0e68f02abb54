package org.entente.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.entente.federation.FederationOverview;
import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The server-side rules the coordination and federation pages draw with: urgency, the timeline layout, expiry. */
class CoordinationViewsTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

    private static Map<String, Object> commitment(String status, LocalDate due, boolean overdue) {
        return Map.of("status", status, "due", due.toString(), "overdue", overdue);
    }

    @Test
    void anOpenCommitmentPastDueIsOverdueAndOneDueWithinTheWindowIsAtRisk() {
        assertThat(CommitmentBoardPage.risk(commitment("proposed", TODAY.minusDays(1), true), TODAY)).isEqualTo("overdue");
        assertThat(CommitmentBoardPage.risk(commitment("in-progress", TODAY.plusDays(DashboardController.AT_RISK_DAYS), false), TODAY))
                .isEqualTo("at-risk");
        assertThat(CommitmentBoardPage.risk(commitment("accepted", TODAY.plusDays(DashboardController.AT_RISK_DAYS + 1), false), TODAY))
                .isNull();
    }

    @Test
    void aFinishedCommitmentIsNeverAtRiskWhateverItsDueDateOrFlag() {
        // A hostile or stale "overdue" flag on a final commitment does not make it red.
        assertThat(CommitmentBoardPage.risk(commitment("done", TODAY.minusDays(30), true), TODAY)).isNull();
        assertThat(CommitmentBoardPage.risk(commitment("lapsed", TODAY.minusDays(30), true), TODAY)).isNull();
    }

    private static final Times TIMES = new Times();

    @Property(tries = 200)
    void everyTimelineMarkLiesInsideThePictureOnItsOwnRowInTimeOrder(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 5_000_000) Integer> minutes) {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<OperationTimeline.Event> events = new ArrayList<>();
        for (int m : minutes) {
            events.add(new OperationTimeline.Event(start.plus(Duration.ofMinutes(m)), "state", "at " + m));
        }
        OperationTimeline.Picture p = OperationTimeline.layout(events, TIMES);
        assertThat(p.marks()).hasSize(minutes.size());
        int previousX = -1;
        int previousY = -1;
        for (OperationTimeline.Mark mark : p.marks()) {
            assertThat(mark.x()).isBetween(OperationTimeline.LEFT, p.width() - OperationTimeline.RIGHT);
            assertThat(mark.y()).isBetween(0, p.height());
            assertThat(mark.y()).isGreaterThan(previousY);
            assertThat(mark.x()).isGreaterThanOrEqualTo(previousX);
            previousX = mark.x();
            previousY = mark.y();
            // Labels grow away from the nearer edge, so they stay inside the picture.
            assertThat(mark.anchor()).isEqualTo(mark.x() > OperationTimeline.LEFT + (p.width() - OperationTimeline.LEFT
                    - OperationTimeline.RIGHT) / 2 ? "end" : "start");
        }
        assertThat(p.ticks()).isNotEmpty();
        assertThat(p.ticks().getFirst().x()).isLessThanOrEqualTo(p.marks().getFirst().x());
    }

    @Test
    void aTimelineWithoutEventsHasNoMarksAndADeadlineIsADiamond() {
        assertThat(OperationTimeline.layout(List.of(), TIMES).marks()).isEmpty();
        OperationTimeline.Picture p = OperationTimeline.layout(List.of(
                new OperationTimeline.Event(Instant.parse("2026-01-01T00:00:00Z"), "deadline", "Deadline: x")), TIMES);
        assertThat(p.marks().getFirst().deadline()).isTrue();
        assertThat(p.marks().getFirst().diamond().split(" ")).hasSize(4);
    }

    @Test
    void aCertificateIsFlaggedExpiringWithinTheWarningWindowAndExpiredAfterIt() {
        Instant now = Instant.parse("2026-11-22T12:00:00Z");
        assertThat(FederationPage.expiry(cert(now.minusSeconds(1)), now)).isEqualTo("expired");
        assertThat(FederationPage.expiry(cert(now.plus(Duration.ofDays(FederationPage.EXPIRY_WARNING_DAYS - 1))), now)).isEqualTo("expiring");
        assertThat(FederationPage.expiry(cert(now.plus(Duration.ofDays(FederationPage.EXPIRY_WARNING_DAYS + 1))), now)).isEqualTo("valid");
        assertThat(FederationPage.expiry(cert(null), now)).isEqualTo("unknown");
    }

    private static FederationOverview.CertificateInfo cert(Instant notAfter) {
        return new FederationOverview.CertificateInfo("test", "CN=x", "CN=ca", null, notAfter, "AA");
    }

    @Test
    void aPathSegmentThatIsNotAPositiveNumberIsNotFound() {
        for (String bad : new String[] {"0", "-1", "abc", "1e3", "99999999999999999999", ""}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> CoordinationCalls.id(bad))
                    .isInstanceOf(ConsolePageException.class)
                    .satisfies(e -> assertThat(((ConsolePageException) e).status().value()).isEqualTo(404));
        }
        assertThat(CoordinationCalls.id("42")).isEqualTo(42);
    }
}
