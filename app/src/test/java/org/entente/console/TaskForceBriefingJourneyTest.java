package org.entente.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.entente.briefing.Briefings;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Tier;
import org.entente.intel.ImportLabel;
import org.entente.intel.StixStore;
import org.entente.sharing.Audience;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

/**
 * Journey: a task-force member opens the task force's workspace (members, intelligence shared with it),
 * compiles a briefing, reads it in the console and downloads its PDF. Hostile: a user of a participant
 * outside the task force gets 404 for the workspace, the briefing and the PDF, and no link to them.
 */
class TaskForceBriefingJourneyTest extends BrowserTest {

    @Autowired
    StixStore store;
    @Autowired
    Briefings briefings;

    private static String indicator(String name) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"indicator--%s","created":"2026-01-05T08:00:00.000Z",
                 "modified":"2026-01-05T08:00:00.000Z","name":"%s","pattern":"[ipv4-addr:value = '198.51.100.7']",
                 "pattern_type":"stix","valid_from":"2026-01-05T08:00:00Z"}""".formatted(UUID.randomUUID(), name);
    }

    @Test
    void aMemberReadsATaskForceBriefingAndDownloadsItsPdf() throws Exception {
        User analyst = user(organisation(Tier.MEMBER), "publisher");
        User partner = user(organisation(Tier.MEMBER), "analyst");
        User outsider = user(organisation(Tier.MEMBER), "publisher");
        String tfName = fresh("Cyber task force");
        TaskForceId tf = community.addTaskForce(tfName, "Counter ransomware against ports", Set.of(analyst.participant(), partner.participant()));
        String shared = fresh("C2 server of the harbour campaign");
        store.ingest(new ByteArrayInputStream(indicator(shared).getBytes(StandardCharsets.UTF_8)),
                new ImportLabel(caller(analyst), Optional.of(Tlp.AMBER), new Audience.TaskForce(tf)));
        signIn(analyst);

        follow(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Task forces")));
        follow(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(tfName)));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText(tfName);
        Locator members = page.locator("section").filter(new Locator.FilterOptions().setHas(
                page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Members"))));
        assertThat(members.getByRole(AriaRole.LISTITEM)).hasCount(2);
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(shared))).isVisible();
        assertThat(page.getByText("No briefing yet")).isVisible();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Compile a briefing now")).click();

        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).containsText(tfName);
        Locator indicators = page.locator("section.briefing-section").filter(new Locator.FilterOptions().setHasText("indicator"));
        assertThat(indicators.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(shared))).isVisible();
        screenshot("15-read-briefing");
        String briefingUrl = page.url();

        Download download = page.waitForDownload(() -> page.getByRole(AriaRole.LINK,
                new Page.GetByRoleOptions().setName("Download PDF")).click());
        byte[] pdf = Files.readAllBytes(download.path());
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(download.suggestedFilename()).endsWith(".pdf");

        // The workspace now lists it.
        follow(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(tfName)));
        assertThat(page.getByRole(AriaRole.TABLE).first().getByRole(AriaRole.ROW)).hasCount(2);
        screenshot("16-task-force-workspace");

        context.clearCookies();
        signIn(outsider);
        assertThat(page.getByRole(AriaRole.MAIN)).not().containsText(tfName);
        page.navigate(base() + "/console/task-forces");
        assertThat(page.getByRole(AriaRole.MAIN)).not().containsText(tfName);
        assertThat(page.navigate(base() + "/console/task-forces/" + tf.value()).status()).isEqualTo(404);
        assertThat(page.navigate(briefingUrl).status()).isEqualTo(404);
        assertThat(page.getByRole(AriaRole.MAIN)).not().containsText(shared);
        int pdfStatus = page.request().get(briefingUrl + "/pdf").status();
        assertThat(pdfStatus).isEqualTo(404);
    }

    @Test
    void compilingWithNothingNewSaysSoAndProducesNoBriefing() {
        User analyst = user(organisation(Tier.MEMBER), "publisher");
        String tfName = fresh("Quiet task force");
        TaskForceId tf = community.addTaskForce(tfName, "Nothing shared yet", Set.of(analyst.participant()));
        signIn(analyst);
        page.navigate(base() + "/console/task-forces/" + tf.value());
        // Everything older that is visible to the lone member counts as new the first time; compile it away first.
        briefings.generate(caller(analyst), tf.value());

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Compile a briefing now")).click();

        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Nothing new to brief");
        int before = briefings.list(caller(analyst), tf.value()).size();
        assertThat(before).isLessThanOrEqualTo(1);
    }
}
