package org.entente.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Tier;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * Console journeys in a real browser: a node on a random port with its embedded PostgreSQL (shared by
 * every test class, as {@link RunningNode}), Debian's Chromium driven by Playwright (never a
 * downloaded browser), a fresh browser context per test at a laptop's size, and a screenshot per
 * journey under {@code target/screenshots/}. Every test also fails on a Content-Security-Policy
 * violation or a script error on any page it visited. Skipped (not failed) only where
 * {@code /usr/bin/chromium} is missing.
 */
public abstract class BrowserTest extends RunningNode {

    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    protected static final String PASSWORD = "correct horse battery staple";

    private static Playwright playwright;
    private static Browser browser;

    @Autowired
    protected Community community;

    protected BrowserContext context;
    protected Page page;
    /** Console messages that mean a page is broken: CSP refusals, uncaught errors. */
    protected final List<String> pageErrors = new CopyOnWriteArrayList<>();

    /** A user who can sign in to the console. */
    public record User(long id, String username, OrganisationId organisation, ParticipantId participant) {
    }

    @BeforeAll
    static void launchBrowser() {
        assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM + ": browser tests skipped");
        if (browser != null) {
            return;
        }
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
        Runtime.getRuntime().addShutdownHook(new Thread(BrowserTest::closeBrowser));
        // The machine running the tests may be loaded: give pages time rather than fail on a slow answer.
        com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    }

    @AfterAll
    static void keepBrowserForNextClass() {
        // The browser is shared by every browser test class of the JVM (like the node); the shutdown
        // hook closes it.
    }

    private static synchronized void closeBrowser() {
        if (browser != null) {
            browser.close();
            playwright.close();
            browser = null;
        }
    }

    @BeforeEach
    void openContext() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 768).setLocale("en-GB"));
        context.setDefaultTimeout(20_000);
        page = context.newPage();
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                pageErrors.add(m.text());
            }
        });
        page.onPageError(e -> pageErrors.add("uncaught: " + e));
        context.onResponse(r -> {
            if (r.status() >= 500) {
                pageErrors.add("uncaught: HTTP " + r.status() + " from " + r.url());
            }
        });
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
        // Failed resources (e.g. a deliberate 404 page) are logged as errors too; only policy and script errors count.
        assertThat(pageErrors).filteredOn(e -> e.contains("Content Security Policy") || e.startsWith("uncaught"))
                .as("CSP violations or script errors").isEmpty();
    }

    protected static String fresh(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new participant of {@code tier} with one organisation. */
    protected OrganisationId organisation(Tier tier) {
        ParticipantId participant = community.addParticipant(fresh("State"), tier);
        return community.addOrganisation(participant, fresh("Agency"));
    }

    /** A new user of {@code organisation} with a password, created by the administrator over the API. */
    protected User user(OrganisationId organisation, String... roles) {
        String username = fresh("user");
        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/api/v1/users"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("username", username,
                        "organisation", organisation.value(), "roles", List.of(roles), "password", PASSWORD)),
                        StandardCharsets.UTF_8)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        ParticipantId participant = community.organisations().stream().filter(o -> o.id().equals(organisation))
                .findFirst().orElseThrow().participant();
        return new User(json(created.body()).path("id").asLong(), username, organisation, participant);
    }

    /** The user as the node's services see them (for setting up data through the module APIs). */
    protected org.entente.community.Caller caller(User user) {
        return community.caller(new org.entente.community.Ids.UserId(user.id())).orElseThrow();
    }

    protected String base() {
        return "http://localhost:" + port;
    }

    /** Signs in through the sign-in page, as a person would, and waits for the dashboard. */
    protected void signIn(User user) {
        page.navigate(base() + "/login");
        page.getByLabel("Username").fill(user.username());
        page.getByLabel("Password").fill(PASSWORD);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign in")).click();
        page.waitForURL(base() + "/");
    }

    /**
     * Follows a link and waits until htmx has processed the page it leads to. A click returns once the
     * next page starts to load, before its deferred scripts have run; an htmx control used in that window
     * does nothing. The marker is per document (an attribute the old page had and the new one has
     * not), so an old page's readiness is never mistaken for the new one's.
     */
    protected void follow(Locator link) {
        // Marked through an attribute and waited for with a selector: the page's CSP forbids eval, which
        // Playwright's waitForFunction needs.
        page.evaluate("() => document.documentElement.setAttribute('data-leaving', 'true')");
        link.click();
        page.locator("html[data-htmx-ready='true']:not([data-leaving])").waitFor();
    }

    /** Saves the page as {@code target/screenshots/<journey>.png}. */
    protected Path screenshot(String journey) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path file = SCREENSHOTS.resolve(journey + ".png");
        page.bringToFront(); // a background tab is not rendered, so it cannot be captured
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        assertThat(file).isNotEmptyFile();
        return file;
    }

    protected static Set<String> roles(String... roles) {
        return Set.of(roles);
    }
}
