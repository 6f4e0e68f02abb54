package org.entente.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.entente.community.Tier;
import org.entente.coordination.Meetings;
import org.entente.stix.StixJson;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

/**
 * The audit viewer for an auditor: entries filtered by actor, action and subject, paged newest first,
 * and the chain verified on request (htmx). LIKE wildcards in the subject filter are literal; a user
 * without {@code audit.read} is refused.
 */
class AuditPageTest extends BrowserTest {

    @Autowired
    Meetings meetings;

    @Test
    void anAuditorFiltersPagesAndVerifiesTheChain() {
        User auditor = user(organisation(Tier.MEMBER), "auditor");
        User delegate = user(organisation(Tier.MEMBER), "delegate");
        long last = 0;
        for (int i = 0; i < 53; i++) {
            last = meetings.create(caller(delegate), StixJson.MAPPER.valueToTree(Map.of("title", "Meeting " + i, "place", "Geneva",
                    "date", "2026-01-01", "participants", List.of(delegate.participant().value()))));
        }
        signIn(auditor);

        follow(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Audit")));
        page.getByLabel("Actor").fill(delegate.username());
        page.getByLabel("Action").selectOption("COORDINATION_CHANGE");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();

        Locator entries = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Newest entries first"));
        assertThat(entries.locator("tbody tr")).hasCount(50);
        assertThat(entries.locator("tbody tr").first()).containsText("meeting:" + last);
        follow(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Older entries")));
        Locator older = page.getByRole(AriaRole.TABLE);
        assertThat(older.locator("tbody tr")).hasCount(3);
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Older entries"))).hasCount(0);
        assertThat(page.getByLabel("Actor")).hasValue(delegate.username());

        follow(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Clear filters")));
        page.getByLabel("Subject contains").fill("meeting:" + last);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        assertThat(page.getByRole(AriaRole.TABLE).locator("tbody tr")).hasCount(1);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Verify the chain now")).click();
        assertThat(page.locator("#verification")).containsText("Intact.");
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/console/audit\\?.*"));
        screenshot("18-audit");

        page.getByLabel("Subject contains").fill("meeting:%");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        assertThat(page.getByText("No entry matches these filters")).isVisible();

        assertThat(page.navigate(base() + "/console/audit?action=DROP%20TABLE").status()).isEqualTo(400);
    }

    @Test
    void anAnalystIsRefusedTheAuditLog() {
        User analyst = user(organisation(Tier.MEMBER), "analyst");
        signIn(analyst);
        assertThat(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Audit"))).hasCount(0);
        assertThat(page.navigate(base() + "/console/audit").status()).isEqualTo(403);
        assertThat(page.navigate(base() + "/console/audit/verification").status()).isEqualTo(403);
    }
}
