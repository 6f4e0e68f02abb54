package org.entente.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Tier;
import org.entente.intel.ImportLabel;
import org.entente.intel.ImportSummary;
import org.entente.intel.StixStore;
import org.entente.sharing.Audience;
import org.entente.sharing.SharingLabel;
import org.entente.stix.StixId;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;

/**
 * The console's journeys (issue 9, acceptance 1), each in Chromium with a screenshot: import a bundle,
 * find an object, open its graph, share it to a task force with the preview, and receive a live alert
 * after a matching observation.
 */
class ConsoleJourneysTest extends BrowserTest {

    @Autowired
    StixStore store;

    private ImportSummary ingest(User user, String json, Optional<Tlp> tlp, Audience audience) {
        ImportSummary summary = store.ingest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                new ImportLabel(caller(user), tlp, audience));
        assertThat(summary.rejected()).isEmpty();
        return summary;
    }

    private static Page.GetByRoleOptions named(String name) {
        return new Page.GetByRoleOptions().setName(name);
    }

    @Test
    void importsABundleAndFollowsItsProgressToTheSummary() throws Exception {
        User publisher = user(organisation(Tier.MEMBER), "publisher");
        Bundles.Campaign campaign = Bundles.campaign();
        Path file = Files.createTempFile("journey-", ".json");
        Files.writeString(file, campaign.json());
        signIn(publisher);

        follow(page.getByRole(AriaRole.NAVIGATION, named("Main")).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Import")));
        page.getByLabel("STIX file").setInputFiles(file);
        page.getByLabel("TLP marking").selectOption("green");
        page.getByRole(AriaRole.BUTTON, named("Import")).click();

        Locator status = page.locator("#import-status");
        assertThat(status).containsText("Import finished", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(status).containsText("5 received, 5 stored, 0 already present, 0 rejected");
        assertThat(page.locator("#import-bar")).hasAttribute("value", "100");
        screenshot("02-import-bundle");
        // Stored as the console said, under the label chosen in the form.
        assertThat(store.latest(caller(publisher), StixId.parse(campaign.malware()))).isPresent();
        assertThat(store.label(caller(publisher), store.latest(caller(publisher), StixId.parse(campaign.malware())).orElseThrow()))
                .hasValueSatisfying(l -> assertThat(l.tlp()).isEqualTo(Tlp.GREEN));

        follow(page.getByRole(AriaRole.LINK, named("See what you imported")));
        assertThat(page.getByRole(AriaRole.LINK, named(campaign.malwareName()))).isVisible();
    }

    @Test
    void aBrokenBundleShowsWhereItBroke() throws Exception {
        User analyst = user(organisation(Tier.MEMBER), "analyst");
        Path file = Files.createTempFile("journey-", ".json");
        Files.writeString(file, "{\"type\":\"bundle\",\"id\":\"bundle--" + java.util.UUID.randomUUID()
                + "\",\"objects\":[{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"malware--" + java.util.UUID.randomUUID()
                + "\",\"created\":\"2026-01-05T08:00:00Z\",\"modified\":\"2026-01-05T08:00:00Z\"}]}");
        signIn(analyst);
        page.navigate(base() + "/console/intel/import");
        page.getByLabel("STIX file").setInputFiles(file);
        page.getByRole(AriaRole.BUTTON, named("Import")).click();

        Locator status = page.locator("#import-status");
        assertThat(status).containsText("1 rejected", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(status.getByRole(AriaRole.TABLE)).containsText("is_family");
    }

    @Test
    void findsAnObjectComparesItsVersionsAndOpensIt() {
        User analyst = user(organisation(Tier.MEMBER), "analyst");
        Bundles.Campaign campaign = Bundles.campaign();
        ingest(analyst, campaign.json(), Optional.empty(), new Audience.OwnOrganisation());
        ingest(analyst, Bundles.newVersion("malware", campaign.malware(), campaign.malwareName(), "Now with a loader."),
                Optional.empty(), new Audience.OwnOrganisation());
        signIn(analyst);

        follow(page.getByRole(AriaRole.NAVIGATION, named("Main")).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Intelligence")));
        page.getByLabel("Text").fill(campaign.tag());
        Locator results = page.locator("#results");
        assertThat(results.getByRole(AriaRole.HEADING)).containsText("3 objects");
        page.getByLabel("Type").selectOption("malware");
        assertThat(results.getByRole(AriaRole.HEADING)).containsText("1 object");
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*type=malware.*"));
        screenshot("03-find-object");

        follow(results.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(campaign.malwareName())));
        assertThat(page.getByRole(AriaRole.HEADING, named(campaign.malwareName()).setLevel(1))).isVisible();
        assertThat(page.locator(".props")).containsText("Now with a loader.");
        page.getByRole(AriaRole.BUTTON, named("What changed")).click();
        Locator diff = page.locator("#diff");
        assertThat(diff).containsText("description");
        assertThat(diff).containsText("Now with a loader.");
        assertThat(diff).containsText("2026-01-05T08:00:00.000Z");
        screenshot("03b-object-versions-diff");
    }

    @Test
    void opensTheGraphAndGrowsItNodeByNode() {
        User analyst = user(organisation(Tier.MEMBER), "analyst");
        Bundles.Campaign campaign = Bundles.campaign();
        ingest(analyst, campaign.json(), Optional.empty(), new Audience.OwnOrganisation());
        signIn(analyst);

        page.navigate(base() + "/console/intel/objects/" + campaign.intrusionSet());
        Locator graph = page.locator("#graph");
        assertThat(graph).hasAttribute("data-nodes", "2"); // the set and the malware it uses
        assertThat(page.locator("#graph-status")).containsText("Added 1 neighbour");

        page.getByRole(AriaRole.BUTTON, named("Show neighbours of " + campaign.malwareName())).click();
        assertThat(graph).hasAttribute("data-nodes", "3"); // + the indicator that indicates the malware
        assertThat(page.getByRole(AriaRole.BUTTON, named("Show neighbours of " + campaign.indicatorName()))).isVisible();
        screenshot("04-object-graph");
    }

    @Test
    void sharesToATaskForceAfterAPreviewNamingExactlyWhoReceivesIt() {
        OrganisationId home = organisation(Tier.MEMBER);
        User publisher = user(home, "publisher");
        ParticipantId partner = community.addParticipant(fresh("Partner"), Tier.MEMBER);
        String partnerAgency = fresh("PartnerAgency");
        community.addOrganisation(partner, partnerAgency);
        ParticipantId observer = community.addParticipant(fresh("Observer"), Tier.OBSERVER);
        String observerAgency = fresh("ObserverAgency");
        community.addOrganisation(observer, observerAgency);
        ParticipantId outsider = community.addParticipant(fresh("Outsider"), Tier.MEMBER);
        String outsiderAgency = fresh("OutsiderAgency");
        community.addOrganisation(outsider, outsiderAgency);
        String taskForceName = fresh("Counter-terrorism");
        TaskForceId taskForce = community.addTaskForce(taskForceName, "journey", Set.of(publisher.participant(), partner, observer));
        Bundles.Campaign campaign = Bundles.campaign();
        ingest(publisher, campaign.json(), Optional.empty(), new Audience.OwnOrganisation());
        signIn(publisher);

        page.navigate(base() + "/console/intel/objects/" + campaign.intrusionSet());
        follow(page.getByRole(AriaRole.LINK, named("Share…")));
        page.getByLabel("Audience", new Page.GetByLabelOptions().setExact(true)).selectOption("task-force");
        page.getByLabel("Task force", new Page.GetByLabelOptions().setExact(false)).selectOption(new SelectOption().setLabel(taskForceName));
        Locator preview = page.locator("#preview");
        assertThat(preview).containsText(partnerAgency);
        assertThat(preview).containsText(observerAgency);
        assertThat(preview).not().containsText(outsiderAgency);
        assertThat(preview).containsText("3 participant(s), 3 organisation(s)");
        assertThat(preview).containsText("observer: up to TLP:AMBER");

        page.getByLabel("TLP marking").selectOption("red");
        assertThat(preview).containsText("TLP:RED reaches only the recipients its owner named");
        assertThat(preview).containsText("1 participant(s), 1 organisation(s)");

        page.getByLabel("TLP marking").selectOption("amber");
        assertThat(preview).containsText("3 participant(s), 3 organisation(s)");
        screenshot("05-share-preview");

        page.getByRole(AriaRole.BUTTON, named("Share")).click();
        assertThat(page.locator("#share-result")).containsText("Shared.");
        assertThat(page.locator("#share-result")).containsText("3 organisation(s)");
        screenshot("05b-shared");
        SharingLabel label = store.label(caller(publisher), store.latest(caller(publisher), StixId.parse(campaign.intrusionSet())).orElseThrow())
                .orElseThrow();
        assertThat(label.audience()).isEqualTo(new Audience.TaskForce(taskForce));
        assertThat(label.tlp()).isEqualTo(Tlp.AMBER);
    }

    @Test
    void receivesALiveAlertAfterAMatchingObservation() {
        User analyst = user(organisation(Tier.MEMBER), "analyst");
        Bundles.Campaign campaign = Bundles.campaign();
        ingest(analyst, campaign.json(), Optional.empty(), new Audience.OwnOrganisation());
        // An indicator of a documentation address: a warninglist keeps it from matching, and says so.
        ingest(analyst, """
                {"type":"indicator","spec_version":"2.1","id":"indicator--%s","created":"2026-01-05T08:00:00.000Z",
                 "modified":"2026-01-05T08:00:00.000Z","name":"Doc address %s","pattern":"[ipv4-addr:value = '198.51.100.7']",
                 "pattern_type":"stix","valid_from":"2026-01-05T08:00:00Z"}""".formatted(java.util.UUID.randomUUID(), campaign.tag()),
                Optional.empty(), new Audience.OwnOrganisation());
        signIn(analyst);
        assertThat(page.locator("#live-status")).containsText("Connected");

        Page second = context.newPage();
        second.navigate(base() + "/console/correlation");
        second.getByLabel("Observed values").fill("198.51.100.7\n" + campaign.domain());
        second.getByRole(AriaRole.BUTTON, named("Submit observations")).click();
        Locator result = second.locator("#observation-result");
        // Other tests' indicators of the documentation address, readable by this user, may be suppressed too.
        assertThat(result).containsText(java.util.regex.Pattern.compile("2 observation\\(s\\): 1 match\\(es\\), 1 sighting\\(s\\), [1-9]\\d* suppressed"));
        assertThat(result).containsText(campaign.indicatorName());
        assertThat(result).containsText("documentation");
        second.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("06a-observation-result.png")).setFullPage(true));

        Locator live = page.locator("#live-events");
        assertThat(live.locator(".event-alert")).containsText(campaign.indicatorName());
        assertThat(live.locator(".event-sighting")).hasCount(1);
        screenshot("06-live-alert");
    }
}
