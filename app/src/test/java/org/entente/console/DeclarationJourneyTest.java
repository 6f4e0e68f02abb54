package org.entente.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.entente.community.Tier;
import org.entente.coordination.Declarations;
import org.entente.stix.StixJson;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.RequestOptions;

import tools.jackson.databind.JsonNode;

/**
 * Journey: a full member's delegate endorses a circulated joint declaration in the console; the last
 * endorsement adopts it, and the page shows every member's signed decision and the verified document.
 * Hostile cases: withholding without a reason is refused and records nothing, a POST without the CSRF
 * token is refused, and an observer sees no draft (404) and no endorsement form.
 */
class DeclarationJourneyTest extends BrowserTest {

    @Autowired
    Declarations declarations;

    record Circulated(String id, String title, User first, User second) {
    }

    private static JsonNode body(Map<String, ?> fields) {
        return StixJson.MAPPER.valueToTree(fields);
    }

    /** Two full members; a declaration with both as signatories, circulated; the second member has endorsed. */
    private Circulated circulated(boolean secondEndorses) {
        return circulated(secondEndorses, "all-members");
    }

    private Circulated circulated(boolean secondEndorses, String audience) {
        User first = user(organisation(Tier.MEMBER), "delegate");
        User second = user(organisation(Tier.MEMBER), "delegate");
        String title = fresh("Joint declaration on cyber resilience");
        String id = declarations.create(caller(first), body(Map.of("title", title,
                "text", "The members will share indicators of attacks on critical infrastructure within 24 hours.",
                "signatories", List.of(first.participant().value(), second.participant().value()),
                "sharing", Map.of("tlp", "amber", "audience", Map.of("kind", audience)))));
        declarations.circulate(caller(first), id);
        if (secondEndorses) {
            declarations.decide(caller(second), id, body(Map.of("version", 1, "decision", "endorse")));
        }
        return new Circulated(id, title, first, second);
    }

    @Test
    void aFullMemberEndorsesTheCirculatedVersionAndTheDeclarationIsAdoptedWithVerifiedSignatures() {
        Circulated d = circulated(true);
        signIn(d.first());

        follow(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Coordination")));
        assertThat(page).hasTitle("Coordination · Entente");
        follow(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(d.title())));

        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(d.title()).setLevel(1))).isVisible();
        Locator decisions = page.getByRole(AriaRole.TABLE).filter(new Locator.FilterOptions().setHasText("Signature"));
        assertThat(decisions.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("awaiting"))).hasCount(1);
        assertThat(decisions.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("endorsed"))).hasCount(1);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Endorse version 1")).click();

        assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("Your endorsement was recorded");
        // Focus lands on the outcome, so keyboard and screen-reader users hear it first.
        assertThat(page.locator("[data-autofocus]")).isFocused();
        assertThat(page.locator(".props")).containsText("adopted");
        assertThat(decisions.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("endorsed"))).hasCount(2);
        assertThat(decisions).containsText("Ed25519 signature");
        assertThat(page.getByText("Signed document verified")).isVisible();
        // No form once adopted: nothing left to decide.
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Endorse version 1"))).hasCount(0);
        screenshot("10-endorse-declaration");

        assertThat(declarations.view(caller(d.second()), d.id()).get("state")).isEqualTo("adopted");
    }

    @Test
    void withholdingWithoutAReasonIsRefusedWithTheReasonAndRecordsNothing() {
        Circulated d = circulated(false);
        signIn(d.first());
        page.navigate(base() + "/console/coordination/declarations/" + d.id());

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Withhold")).click();

        assertThat(page.getByRole(AriaRole.ALERT)).containsText("withholding needs a reason");
        assertThat(page.locator(".props")).containsText("circulating");
        @SuppressWarnings("unchecked")
        List<Object> endorsements = (List<Object>) declarations.view(caller(d.first()), d.id()).get("endorsements");
        assertThat(endorsements).isEmpty();

        // By keyboard only: type the reason, Tab to the button, Enter.
        page.getByLabel("Reason for withholding").fill("No explicit reference to cross-border terrorism.");
        page.keyboard().press("Tab");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Withhold"))).isFocused();
        page.keyboard().press("Enter");
        assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("Your withholding was recorded");
        assertThat(page.getByRole(AriaRole.TABLE).filter(new Locator.FilterOptions().setHasText("Signature")))
                .containsText("No explicit reference to cross-border terrorism.");
    }

    @Test
    void aDecisionPostedWithoutTheCsrfTokenIsRefused() {
        Circulated d = circulated(false);
        signIn(d.first());

        APIResponse response = page.request().post(base() + "/console/coordination/declarations/" + d.id() + "/decision",
                RequestOptions.create().setForm(com.microsoft.playwright.options.FormData.create()
                        .set("decision", "endorse").set("version", "1")));

        assertThat(response.status()).isEqualTo(403);
        @SuppressWarnings("unchecked")
        List<Object> endorsements = (List<Object>) declarations.view(caller(d.first()), d.id()).get("endorsements");
        assertThat(endorsements).isEmpty();
    }

    @Test
    void anObserverSeesNoDraftAndCannotEndorseACirculatedDeclaration() {
        User member = user(organisation(Tier.MEMBER), "delegate");
        User observer = user(organisation(Tier.OBSERVER), "delegate");
        String draft = declarations.create(caller(member), body(Map.of("title", fresh("Draft"), "text", "draft text",
                "signatories", List.of(member.participant().value()))));
        Circulated d = circulated(false, "members-and-observers");
        signIn(observer);

        Page.NavigateOptions none = new Page.NavigateOptions();
        assertThat(page.navigate(base() + "/console/coordination/declarations/" + draft, none).status()).isEqualTo(404);
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("Not found");

        assertThat(page.navigate(base() + "/console/coordination/declarations/" + d.id()).status()).isEqualTo(200);
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Endorse version 1"))).hasCount(0);
        // Even posted by hand (with the page's CSRF token), the module refuses an observer's endorsement.
        String token = page.locator("body").getAttribute("hx-headers");
        JsonNode headers = StixJson.MAPPER.readTree(token);
        String name = "X-CSRF-TOKEN";
        APIResponse response = page.request().post(base() + "/console/coordination/declarations/" + d.id() + "/decision",
                RequestOptions.create().setHeader(name, headers.path(name).asString())
                        .setForm(com.microsoft.playwright.options.FormData.create().set("decision", "endorse").set("version", "1")));
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.text()).contains("only full members endorse or withhold");
    }
}
