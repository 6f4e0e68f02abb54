package org.entente.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code entente audit verify}: asks the node to walk its audit chain. Exit code 0 when the chain is
 * intact, 1 when it is broken (naming the first bad entry) or the node could not be asked.
 */
final class AuditCommand {

    private final JsonMapper json = JsonMapper.builder().build();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    int run(List<String> raw) {
        Args args = Args.parse(raw, Set.of("url", "token", "home"), Set.of());
        if (args.positional().size() != 1 || !args.positional().getFirst().equals("verify")) {
            throw new UsageException("usage: audit verify [--url URL] [--token T]");
        }
        NodeConnection node = NodeConnection.from(args);
        HttpResponse<String> response;
        try {
            response = node.http().send(node.request("/api/v1/audit/verification").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println(node.unreachable(e));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
        JsonNode body = parse(response.body());
        switch (response.statusCode()) {
            case 200 -> {
                return report(body);
            }
            case 401 -> err.println("audit verify: the node did not accept the API token");
            case 403 -> err.println("audit verify: this token may not read the audit log (it needs audit.read)");
            default -> err.println("audit verify: the node answered " + response.statusCode() + ": "
                    + body.path("detail").asString(response.body()));
        }
        return 1;
    }

    private int report(JsonNode v) {
        if (v.path("intact").asBoolean(false)) {
            out.printf(Locale.ROOT, "audit chain intact: %,d entries%n", v.path("entriesChecked").asLong());
            return 0;
        }
        JsonNode p = v.path("firstProblem");
        out.printf(Locale.ROOT, "audit chain BROKEN at entry %d: %s (%s)%n", p.path("sequence").asLong(),
                p.path("kind").asString("?"), p.path("detail").asString(""));
        out.printf(Locale.ROOT, "  %,d entries before it verified%n", v.path("entriesChecked").asLong());
        return 1;
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (RuntimeException e) {
            return json.createObjectNode().put("detail", body);
        }
    }
}
