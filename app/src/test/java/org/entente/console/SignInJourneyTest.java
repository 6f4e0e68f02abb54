package org.entente.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import org.entente.community.Tier;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.AriaRole;

/** Journey: sign in, land on the dashboard with its landmarks and role-aware navigation, sign out. */
class SignInJourneyTest extends BrowserTest {

    @Test
    void anAnalystSignsInSeesTheDashboardAndSignsOut() {
        User analyst = user(organisation(Tier.MEMBER), "analyst");

        signIn(analyst);

        assertThat(page).hasTitle("Dashboard · Entente");
        assertThat(page.getByRole(AriaRole.BANNER)).containsText(analyst.username());
        assertThat(page.getByRole(AriaRole.MAIN).getByRole(AriaRole.HEADING,
                new Locator.GetByRoleOptions().setName("Dashboard").setExact(true))).isVisible();
        Locator nav = page.getByRole(AriaRole.NAVIGATION, new com.microsoft.playwright.Page.GetByRoleOptions().setName("Main"));
        assertThat(nav.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Dashboard"))).hasAttribute("aria-current", "page");
        assertThat(nav.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Import"))).isVisible();
        assertThat(page.getByRole(AriaRole.CONTENTINFO)).isVisible();
        assertThat(page.getByText("New intelligence in your audience")).isVisible();
        assertThat(page.locator("#live-status")).containsText("Connected");
        screenshot("01-sign-in-dashboard");

        page.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Page.GetByRoleOptions().setName("Sign out")).click();
        page.waitForURL(base() + "/login?logout");
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("signed out");
    }

    @Test
    void aReaderDoesNotSeeLinksToPagesTheyMayNotUse() {
        User reader = user(organisation(Tier.OBSERVER), "reader");

        signIn(reader);

        Locator nav = page.getByRole(AriaRole.NAVIGATION, new com.microsoft.playwright.Page.GetByRoleOptions().setName("Main"));
        assertThat(nav.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Intelligence"))).isVisible();
        assertThat(nav.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Import"))).hasCount(0);
    }

    @Test
    void theKeyboardReachesTheContentFirstAndFocusIsVisible() {
        User analyst = user(organisation(Tier.MEMBER), "analyst");
        signIn(analyst);

        page.keyboard().press("Tab");
        Locator skip = page.getByRole(AriaRole.LINK, new com.microsoft.playwright.Page.GetByRoleOptions().setName("Skip to main content"));
        assertThat(skip).isFocused();
        assertThat(skip).isInViewport();
        String outline = (String) skip.evaluate("e => getComputedStyle(e).outlineStyle");
        assertThat(outline).isNotEqualTo("none");
        page.keyboard().press("Enter");
        assertThat(page).hasURL(base() + "/#main");
        page.keyboard().press("Tab");
        Locator focused = page.locator(":focus");
        assertThat(focused).hasCount(1);
        assertThat((Boolean) focused.evaluate("e => e.closest('main') !== null")).isTrue();
    }

    @Test
    void anObjectThatDoesNotExistIsAReadableNotFoundPage() {
        User analyst = user(organisation(Tier.MEMBER), "analyst");
        signIn(analyst);

        page.navigate(base() + "/console/intel/objects/malware--" + java.util.UUID.randomUUID());

        assertThat(page.getByRole(AriaRole.HEADING, new com.microsoft.playwright.Page.GetByRoleOptions().setName("Not found").setLevel(1))).isVisible();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("nothing you may see");
        screenshot("07-not-found");
    }

    @Test
    void aWrongPasswordIsRefusedWithAReadableMessage() {
        User analyst = user(organisation(Tier.MEMBER), "analyst");
        page.navigate(base() + "/login");
        page.getByLabel("Username").fill(analyst.username());
        page.getByLabel("Password").fill("not the password");
        page.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Page.GetByRoleOptions().setName("Sign in")).click();

        page.waitForURL(base() + "/login?error");
        assertThat(page.getByRole(AriaRole.ALERT)).isVisible();
        assertThat(page.url()).doesNotContain(analyst.username());
    }
}
