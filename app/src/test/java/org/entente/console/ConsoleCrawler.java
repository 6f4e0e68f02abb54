package org.entente.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A signed-in console session that visits, breadth-first and GET only, every same-origin page
 * reachable from where it starts: links, htmx GET endpoints ({@code hx-get}), the graph endpoint of
 * graph containers, and the objects a graph answer names. It never submits a form, never follows
 * sign-out, and never opens the live stream (endless by design; the stream has its own privacy tests).
 * Pages added to the console later are reached through the navigation without changes here.
 */
final class ConsoleCrawler {

    /** One answer, as received. */
    record Visit(String path, int status, String contentType, String body) {

        /**
         * The body with this request's own query values blanked where a form echoes them back ({@code value="…"}
         * of the search box): echoing what the user typed is not disclosure. Anywhere else they still count.
         */
        String withoutOwnQuery() {
            int q = path.indexOf('?');
            if (q < 0) {
                return body;
            }
            String out = body;
            for (String pair : path.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String value = java.net.URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (!value.isEmpty()) {
                    out = out.replace("value=\"" + value + "\"", "value=\"\"");
                }
            }
            return out;
        }
    }

    private static final JsonMapper JSON = JsonMapper.shared();
    /** Never fetched: they change state, never end, or are static files with nothing per-user in them. */
    private static final List<String> SKIP = List.of("/logout", "/console/stream", "/assets/", "/webjars/", "/login");

    private final URI base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    ConsoleCrawler(int port) {
        this.base = URI.create("http://localhost:" + port);
    }

    /** Signs in through the sign-in form; fails loudly if that does not work (a crawl of the login page proves nothing). */
    ConsoleCrawler signIn(String username, String password) {
        HttpResponse<String> login = send(HttpRequest.newBuilder(base.resolve("/login")).header("Accept", "text/html").GET());
        String csrf = Jsoup.parse(login.body()).select("input[name=_csrf]").attr("value");
        String form = "username=" + enc(username) + "&password=" + enc(password) + "&_csrf=" + enc(csrf);
        HttpResponse<String> signedIn = send(HttpRequest.newBuilder(base.resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
        String location = signedIn.headers().firstValue("Location").orElse("");
        if (signedIn.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("sign-in of " + username + " failed: " + signedIn.statusCode() + " " + location);
        }
        return this;
    }

    /** Visits everything reachable from {@code seeds}, at most {@code limit} requests, in breadth-first order. */
    Map<String, Visit> crawl(Collection<String> seeds, int limit) {
        Map<String, Visit> visited = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>(seeds);
        Set<String> queued = new LinkedHashSet<>(seeds);
        while (!queue.isEmpty() && visited.size() < limit) {
            String path = queue.poll();
            Visit visit = get(path);
            visited.put(path, visit);
            for (String next : links(path, visit)) {
                if (queued.add(next)) {
                    queue.add(next);
                }
            }
        }
        return visited;
    }

    /** One GET; an answer cut off mid-way is a visit with status -1 (a page that broke while rendering). */
    Visit get(String path) {
        try {
            HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve(path))
                    .header("Accept", "text/html,application/json;q=0.9,*/*;q=0.8").GET());
            return new Visit(path, r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (UncheckedIOException e) {
            return new Visit(path, -1, "", "broken answer: " + e.getCause().getMessage());
        }
    }

    /** Same-origin GET targets in an answer, as absolute paths with their query. */
    private List<String> links(String from, Visit visit) {
        List<String> out = new ArrayList<>();
        if (visit.contentType().startsWith("text/html")) {
            Document doc = Jsoup.parse(visit.body(), base.resolve(from).toString());
            for (Element a : doc.select("a[href]")) {
                add(out, a.absUrl("href"));
            }
            for (Element h : doc.select("[hx-get]")) {
                add(out, h.absUrl("hx-get"));
            }
            for (Element g : doc.select("[data-graph-url][data-root]")) {
                add(out, base.resolve(g.attr("data-graph-url") + g.attr("data-root") + "/graph").toString());
            }
        } else if (visit.contentType().startsWith("application/json") && visit.path().endsWith("/graph")) {
            JsonNode graph = JSON.readTree(visit.body());
            for (JsonNode node : graph.path("nodes")) {
                String id = node.path("id").asString();
                add(out, base.resolve("/console/intel/objects/" + id).toString());
                add(out, base.resolve("/console/intel/objects/" + id + "/graph").toString());
            }
        }
        return out;
    }

    private void add(List<String> out, String absolute) {
        if (absolute.isEmpty()) {
            return;
        }
        URI uri = URI.create(absolute);
        if (!base.getHost().equals(uri.getHost()) || base.getPort() != uri.getPort()) {
            return;
        }
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        if (SKIP.stream().noneMatch(path::startsWith)) {
            out.add(path);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
