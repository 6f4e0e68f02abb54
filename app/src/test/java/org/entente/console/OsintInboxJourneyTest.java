package org.entente.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import org.entente.community.Tier;
import org.entente.osint.ConflictView;
import org.entente.osint.IngestResult;
import org.entente.osint.Osint;
import org.entente.osint.Upload;
import org.entente.sharing.Audience;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

/**
 * Journey: an analyst (of an observer) reviews the OSINT inbox built from the five seed reports of the Qingdao meeting
 * (uploaded through the OSINT module, own-organisation audience): the event, the near-duplicate, the
 * entities, and the member-count conflict with its claims side by side and their sources. Hostile: a
 * user of another organisation sees none of it and gets 404 for the conflict and the article.
 */
class OsintInboxJourneyTest extends BrowserTest {

    static final List<String> SEEDS = List.of("000_6bb249f4ef3806ba.txt", "001_72c4cfb1b406ca7b.txt",
            "002_58e279f617d491ad.txt", "003_4f7df24f99d9ba2e.txt", "004_327e5a02c9f6880b.txt");

    @Autowired
    Osint osint;

    static byte[] seed(String name) {
        try (InputStream in = OsintInboxJourneyTest.class.getResourceAsStream("/org/entente/osint/seeds/" + name)) {
            assertThat(in).as("seed " + name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anAnalystReviewsTheMemberCountConflictSideBySideWithItsSources() {
        // Observers: intelligence other tests share with all members (on this shared node) stays out of their
        // inbox, so the seeds are not near-duplicates of someone else's upload of them.
        User analyst = user(organisation(Tier.OBSERVER), "analyst");
        User other = user(organisation(Tier.OBSERVER), "analyst");
        String articleId = null;
        for (String name : SEEDS) {
            IngestResult r = osint.ingest(caller(analyst), new Upload(seed(name), "text/plain; charset=utf-8", name, Optional.empty(),
                    Tlp.AMBER, new Audience.OwnOrganisation(), Optional.empty()));
            if (r instanceof IngestResult.Created c && articleId == null) {
                articleId = c.article().toString();
            }
        }
        ConflictView memberCount = osint.conflicts(caller(analyst), Optional.empty()).stream()
                .filter(c -> c.predicate().equals("member-count") && !c.internal()).findFirst().orElseThrow();
        signIn(analyst);

        follow(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("OSINT")));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("OSINT inbox").setLevel(1))).isVisible();
        Locator duplicates = page.locator("section").filter(new Locator.FilterOptions().setHas(
                page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Duplicates"))));
        assertThat(duplicates.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(SEEDS.get(1)))).isVisible();
        Locator events = page.locator("section").filter(new Locator.FilterOptions().setHas(
                page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Events"))));
        assertThat(events).containsText("4 articles");
        Locator entities = page.locator("section").filter(new Locator.FilterOptions().setHas(
                page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Entities"))));
        assertThat(entities.locator("tbody tr").first()).isVisible();
        screenshot("20-osint-inbox");

        Locator row = page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("member count"))
                .filter(new Locator.FilterOptions().setHasText("between sources"));
        assertThat(row).containsText("vs");
        follow(row.getByRole(AriaRole.LINK));

        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).containsText("member count");
        Locator eight = page.locator("section.claim").filter(new Locator.FilterOptions().setHas(
                page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("“8”"))));
        Locator ten = page.locator("section.claim").filter(new Locator.FilterOptions().setHas(
                page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("“10”"))));
        // An article may make the same claim more than once: each claim is shown with its passage.
        assertThat(eight.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(SEEDS.get(2))).first()).isVisible();
        assertThat(eight.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(SEEDS.get(3))).first()).isVisible();
        assertThat(ten.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(SEEDS.get(4))).first()).isVisible();
        assertThat(ten).containsText("10-member regional security bloc");
        screenshot("19-osint-conflict");

        follow(ten.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(SEEDS.get(4))).first());
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Text"))).isVisible();
        assertThat(page.locator("main")).containsText("10-member regional security bloc");

        context.clearCookies();
        signIn(other);
        page.navigate(base() + "/console/osint");
        assertThat(page.getByRole(AriaRole.MAIN)).not().containsText(SEEDS.get(2));
        assertThat(page.getByRole(AriaRole.MAIN)).not().containsText("10-member");
        assertThat(page.navigate(base() + "/console/osint/conflicts/" + memberCount.id()).status()).isEqualTo(404);
        assertThat(page.navigate(base() + "/console/osint/articles/" + articleId).status()).isEqualTo(404);
        assertThat(page.navigate(base() + "/console/osint/articles/not-a-uuid").status()).isEqualTo(404);
    }
}
