package org.entente.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code entente peer add https://HOST:PORT --participant X --fingerprint SHA256} pairs the local node with a peer
 * node; {@code entente peer list} shows each peer's state, lag and last error.
 */
final class PeerCommand {

    private final JsonMapper json = JsonMapper.builder().build();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    int run(List<String> raw) {
        Args args = Args.parse(raw, Set.of("url", "token", "home", "participant", "fingerprint"), Set.of());
        List<String> positional = args.positional();
        String usage = "usage: peer add https://HOST:PORT --participant NAME --fingerprint SHA256 | peer list";
        if (positional.isEmpty()) {
            throw new UsageException(usage);
        }
        NodeConnection node = NodeConnection.from(args);
        HttpRequest request;
        if (positional.getFirst().equals("add") && positional.size() == 2 && args.option("participant").isPresent()) {
            ObjectNode body = json.createObjectNode().put("url", positional.get(1)).put("participant", args.option("participant").get());
            args.option("fingerprint").ifPresent(f -> body.put("fingerprint", f));
            request = node.request("/api/v1/peers").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
        } else if (positional.getFirst().equals("list") && positional.size() == 1) {
            request = node.request("/api/v1/peers").GET().build();
        } else {
            throw new UsageException(usage);
        }
        HttpResponse<String> response;
        try {
            response = node.http().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println(node.unreachable(e));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
        JsonNode body;
        try {
            body = json.readTree(response.body() == null || response.body().isBlank() ? "{}" : response.body());
        } catch (RuntimeException e) {
            body = json.createObjectNode().put("detail", response.body());
        }
        switch (response.statusCode()) {
            case 200 -> {
                out.printf(Locale.ROOT, "%-4s %-24s %-9s %8s %9s %11s  %s%n", "ID", "PARTICIPANT", "STATE", "LAG", "RECEIVED",
                        "QUARANTINED", "URL / LAST ERROR");
                for (JsonNode p : body) {
                    out.printf(Locale.ROOT, "%-4d %-24s %-9s %8s %,9d %,11d  %s%n", p.path("id").asLong(),
                            p.path("participant").asString(""), p.path("state").asString(""),
                            p.path("lag_seconds").isNull() ? "-" : p.path("lag_seconds").asLong() + "s",
                            p.path("received").asLong(), p.path("quarantined").asLong(), p.path("url").asString(""));
                    if (!p.path("last_error").isNull() && !p.path("last_error").isMissingNode()) {
                        out.printf(Locale.ROOT, "%63s  last error %s: %s%n", "", p.path("last_error_at").asString(""),
                                p.path("last_error").asString(""));
                    }
                }
                return 0;
            }
            case 201 -> {
                out.printf(Locale.ROOT, "peer %d added: %s serves %s%n", body.path("id").asLong(), body.path("url").asString(""),
                        body.path("participant").asString(""));
                return 0;
            }
            case 401 -> err.println("peer: the node did not accept the API token");
            case 403 -> err.println("peer: this token may not administer federation (it needs federation.admin)");
            default -> err.println("peer: the node answered " + response.statusCode() + ": "
                    + body.path("detail").asString(response.body()));
        }
        return 1;
    }
}
