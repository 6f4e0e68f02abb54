package org.entente.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;

import org.entente.briefing.Briefings;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Tier;
import org.entente.coordination.Commitments;
import org.entente.intel.ImportLabel;
import org.entente.intel.StixStore;
import org.entente.sharing.Audience;
import org.entente.stix.StixJson;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

/** Journey: the dashboard's sections, each with what the signed-in user may see and nothing else. */
class DashboardJourneyTest extends BrowserTest {

    @Autowired
    StixStore store;
    @Autowired
    Commitments commitments;
    @Autowired
    Briefings briefings;

    private Locator section(String heading) {
        return page.locator("section").filter(new Locator.FilterOptions().setHas(page.getByRole(AriaRole.HEADING,
                new Page.GetByRoleOptions().setName(heading))));
    }

    private long commitment(User by, String text, LocalDate due, String audience) {
        return commitments.create(caller(by), StixJson.MAPPER.readTree("""
                {"participant": %d, "text": "%s", "responsible_organisation": %d, "due": "%s",
                 "sharing": {"tlp": "amber", "audience": {"kind": "%s"}}}""".formatted(by.participant().value(), text,
                by.organisation().value(), due, audience)));
    }

    @Test
    void showsNewIntelligenceBriefingsDueAndCommitmentsAtRiskOfTheUserOnly() {
        String tag = fresh("dash");
        OrganisationId home = organisation(Tier.MEMBER);
        User me = user(home, "publisher");
        User stranger = user(organisation(Tier.MEMBER), "publisher");
        String taskForceName = fresh("Cyber task force");
        TaskForceId taskForce = community.addTaskForce(taskForceName, "dashboard", Set.of(me.participant()));
        Instant next = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        briefings.setSchedule(caller(me), taskForce.value(), Duration.ofDays(7), next);
        store.ingest(new ByteArrayInputStream(("{\"type\":\"tool\",\"spec_version\":\"2.1\",\"id\":\"tool--" + java.util.UUID.randomUUID()
                + "\",\"created\":\"2026-01-05T08:00:00.000Z\",\"modified\":\"2026-01-05T08:00:00.000Z\",\"name\":\"Mine " + tag + "\"}")
                .getBytes(StandardCharsets.UTF_8)), new ImportLabel(caller(me), Optional.empty(), new Audience.OwnOrganisation()));
        store.ingest(new ByteArrayInputStream(("{\"type\":\"tool\",\"spec_version\":\"2.1\",\"id\":\"tool--" + java.util.UUID.randomUUID()
                + "\",\"created\":\"2026-01-05T08:00:00.000Z\",\"modified\":\"2026-01-05T08:00:00.000Z\",\"name\":\"Theirs " + tag + "\"}")
                .getBytes(StandardCharsets.UTF_8)), new ImportLabel(caller(stranger), Optional.empty(), new Audience.OwnOrganisation()));
        commitment(me, "Overdue drill " + tag, LocalDate.now().minusDays(3), "all-members");
        commitment(me, "Later protocol " + tag, LocalDate.now().plusDays(90), "all-members");
        commitment(stranger, "Private pledge " + tag, LocalDate.now().minusDays(3), "own-organisation");

        signIn(me);

        assertThat(section("New intelligence in your audience")).containsText("Mine " + tag);
        assertThat(section("New intelligence in your audience")).not().containsText("Theirs " + tag);
        Locator due = section("Briefings due");
        assertThat(due).containsText(taskForceName);
        assertThat(due).containsText(new org.entente.console.web.Times().minute(next));
        Locator risk = section("Commitments at risk");
        assertThat(risk).containsText("Overdue drill " + tag);
        assertThat(risk).containsText("overdue");
        assertThat(risk).not().containsText("Later protocol " + tag);
        assertThat(risk).not().containsText("Private pledge " + tag);
        // Federation health is for federation administrators only.
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Federation health"))).hasCount(0);
        screenshot("08-dashboard");
    }

    @Test
    void anAdministratorSeesFederationHealthWithAClearEmptyState() {
        User admin = user(organisation(Tier.MEMBER), "administrator");
        signIn(admin);

        assertThat(section("Federation health")).containsText("no federation peers");
    }
}
