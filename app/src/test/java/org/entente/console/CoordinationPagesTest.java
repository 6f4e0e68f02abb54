package org.entente.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.entente.community.Tier;
import org.entente.coordination.Commitments;
import org.entente.coordination.Exercises;
import org.entente.coordination.Meetings;
import org.entente.coordination.Operations;
import org.entente.coordination.Plans;
import org.entente.stix.StixJson;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import tools.jackson.databind.JsonNode;

/**
 * The coordination pages render real records created through the coordination module, show only what
 * the sharing policy lets the reader see, and answer 404 for what it does not: the commitment board
 * (overdue and at-risk cards marked), an operation with tasks, protocol and its timeline picture, the
 * exercise calendar, a meeting, and the resource registry.
 */
class CoordinationPagesTest extends BrowserTest {

    @Autowired
    Commitments commitments;
    @Autowired
    Operations operations;
    @Autowired
    Exercises exercises;
    @Autowired
    Meetings meetings;
    @Autowired
    Plans plans;

    private static JsonNode body(Map<String, ?> fields) {
        return StixJson.MAPPER.valueToTree(fields);
    }

    private long commitment(User by, String text, LocalDate due) {
        return commitments.create(caller(by), body(Map.of("participant", by.participant().value(), "text", text,
                "responsible_organisation", by.organisation().value(), "due", due.toString())));
    }

    @Test
    void theCommitmentBoardGroupsByStatusAndMarksOverdueAndAtRiskCommitments() {
        User delegate = user(organisation(Tier.MEMBER), "delegate");
        String overdue = fresh("Exchange liaison officers");
        String soon = fresh("Hold a tabletop exercise");
        String later = fresh("Publish a joint threat assessment");
        String done = fresh("Name a point of contact");
        commitment(delegate, overdue, LocalDate.now().minusDays(3));
        commitment(delegate, soon, LocalDate.now().plusDays(3));
        long accepted = commitment(delegate, later, LocalDate.now().plusDays(90));
        commitments.transition(caller(delegate), accepted, "accepted", null);
        long finished = commitment(delegate, done, LocalDate.now().minusDays(1));
        commitments.transition(caller(delegate), finished, "accepted", null);
        commitments.transition(caller(delegate), finished, "in-progress", null);
        commitments.transition(caller(delegate), finished, "done", null);
        signIn(delegate);

        page.navigate(base() + "/console/coordination/commitments?participant=" + delegate.participant().value());

        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Commitment board").setLevel(1))).isVisible();
        Locator proposed = page.locator("section.board-column").filter(new Locator.FilterOptions().setHas(
                page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Proposed"))));
        assertThat(proposed.locator(".board-card")).hasCount(2);
        assertThat(proposed.locator(".board-card.risk-overdue")).containsText(overdue);
        assertThat(proposed.locator(".board-card.risk-at-risk")).containsText(soon);
        // Overdue first, then at risk.
        assertThat(proposed.locator(".board-card").first()).containsText(overdue);
        Locator acceptedColumn = page.locator("section.board-column").filter(new Locator.FilterOptions().setHas(
                page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Accepted"))));
        assertThat(acceptedColumn.locator(".board-card")).hasCount(1);
        assertThat(acceptedColumn.locator(".board-card").first()).not().hasClass(java.util.regex.Pattern.compile(".*risk.*"));
        Locator doneColumn = page.locator("section.board-column").filter(new Locator.FilterOptions().setHas(
                page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Done"))));
        // Past due but done: not overdue.
        assertThat(doneColumn.locator(".board-card")).containsText(done);
        assertThat(doneColumn.locator(".badge.bad")).hasCount(0);
        screenshot("11-commitment-board");

        follow(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(overdue)));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText(overdue);
        assertThat(page.locator(".props")).containsText("overdue");
    }

    @Test
    void anOperationShowsTasksProtocolAndATimelinePictureAndIsNotFoundForOutsiders() {
        User lead = user(organisation(Tier.MEMBER), "delegate");
        User partner = user(organisation(Tier.MEMBER), "delegate");
        User outsider = user(organisation(Tier.MEMBER), "delegate");
        String name = fresh("Operation Harbour Light");
        long op = operations.create(caller(lead), body(Map.of("name", name, "type", "ransomware",
                "description", "Coordinated response to a ransomware campaign against port operators.",
                "participants", List.of(partner.participant().value()))));
        operations.addTask(caller(lead), op, body(Map.of("title", "Collect samples", "owner_organisation", lead.organisation().value(),
                "deadline", LocalDate.now().minusDays(1).toString())));
        operations.addTask(caller(lead), op, body(Map.of("title", "Notify national CERTs", "owner_organisation",
                partner.organisation().value(), "deadline", LocalDate.now().plusDays(5).toString())));
        operations.transition(caller(lead), op, "active", "samples confirmed");
        operations.check(caller(lead), op, 1);

        signIn(partner);
        page.navigate(base() + "/console/coordination");
        follow(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name)));

        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText(name);
        Locator picture = page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName("Timeline of " + name));
        assertThat(picture).isVisible();
        // created, two tasks added, the state change, the checked item, and both deadlines.
        assertThat(picture.locator("g.tl-mark")).hasCount(7);
        assertThat(picture.locator("g.tl-deadline polygon")).hasCount(2);
        assertThat(page.getByRole(AriaRole.TABLE).filter(new Locator.FilterOptions().setHasText("Owner"))
                .getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("Collect samples"))).containsText("late");
        assertThat(page.locator("ol.checklist li.checked")).hasCount(1);
        assertThat(page.locator("[style]")).hasCount(0);
        screenshot("12-operation-timeline");

        context.clearCookies();
        signIn(outsider);
        assertThat(page.navigate(base() + "/console/coordination/operations/" + op).status()).isEqualTo(404);
        assertThat(page.locator("main")).not().containsText(name);
        assertThat(page.navigate(base() + "/console/coordination/operations/not-a-number").status()).isEqualTo(404);
    }

    @Test
    void theExerciseCalendarPlacesExercisesOnTheirDaysOfTheMonth() {
        User delegate = user(organisation(Tier.MEMBER), "delegate");
        String name = fresh("Cyber Coalition");
        LocalDate start = LocalDate.now().withDayOfMonth(10);
        long id = exercises.create(caller(delegate), body(Map.of("name", name, "scenario", "Ransomware against a grid operator",
                "starts", start.toString(), "ends", start.plusDays(2).toString(),
                "participants", List.of(delegate.participant().value()))));
        signIn(delegate);

        page.navigate(base() + "/console/coordination");
        follow(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Exercise calendar").setExact(true)).first());

        Locator grid = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName(
                java.time.format.DateTimeFormatter.ofPattern("MMMM yyyy", java.util.Locale.ENGLISH).format(YearMonth.now())));
        assertThat(grid).isVisible();
        assertThat(grid.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(name))).hasCount(3);
        assertThat(grid.locator("td").filter(new Locator.FilterOptions().setHas(page.locator(".day-number").getByText("11", new Locator.GetByTextOptions().setExact(true))))
                .filter(new Locator.FilterOptions().setHasNotText("other")).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(name)))
                .not().hasCount(0);
        screenshot("13-exercise-calendar");

        follow(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(YearMonth.now().plusMonths(1).toString())));
        assertThat(page.getByRole(AriaRole.TABLE).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(name))).hasCount(0);

        assertThat(page.navigate(base() + "/console/coordination/exercises?month=13-2026").status()).isEqualTo(400);
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("month must look like");
        assertThat(page.navigate(base() + "/console/coordination/exercises/" + id).status()).isEqualTo(200);
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText(name);
    }

    @Test
    void aMeetingAndTheResourceRegistryShowWhatWasRecorded() {
        User first = user(organisation(Tier.MEMBER), "delegate");
        User second = user(organisation(Tier.MEMBER), "delegate");
        String title = fresh("Meeting of defence ministers");
        long meeting = meetings.create(caller(first), body(Map.of("title", title, "place", "Qingdao", "date", "2025-06-26",
                "participants", List.of(first.participant().value(), second.participant().value()),
                "agenda", List.of("Regional security", "Counter-terrorism cooperation"))));
        long commitment = commitments.create(caller(first), body(Map.of("participant", first.participant().value(),
                "text", "Host the next exercise", "responsible_organisation", first.organisation().value(), "due", "2026-06-26",
                "meeting", meeting)));
        meetings.addOutcome(caller(first), meeting, body(Map.of("text", "Agreed to host the next exercise", "commitment", commitment)));
        String plan = fresh("Grid blackout");
        long planId = plans.create(caller(first), body(Map.of("name", plan, "hazard", "nation-wide power outage")));
        plans.offer(caller(first), planId, body(Map.of("type", fresh("incident responders"), "quantity", 12, "unit", "people",
                "readiness_hours", 24)));
        signIn(second);

        page.navigate(base() + "/console/coordination");
        follow(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(title)));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText(title);
        assertThat(page.getByRole(AriaRole.LIST).filter(new Locator.FilterOptions().setHasText("Regional security"))).containsText("Counter-terrorism cooperation");
        follow(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("the commitment")));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("Host the next exercise");

        follow(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Plans and resources")));
        Locator registry = page.getByRole(AriaRole.TABLE).first();
        assertThat(registry.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(plan))).containsText("12 people");
        assertThat(registry.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(plan))).containsText("24 h");
        screenshot("14-resource-registry");
    }
}
