package org.entente.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code entente sight FILE}: sends what was observed to a node's {@code /api/v1/observations} and
 * prints which indicators it matched, the sightings created and the values a warninglist suppressed.
 * FILE is a STIX bundle (observed-data and SCOs) or a list of values, one per line ({@code #} starts a
 * comment). Exit code 0 when the node took it (matches or not), 1 otherwise.
 */
final class SightCommand {

    private final JsonMapper json = JsonMapper.builder().build();
    private final PrintStream out;
    private final PrintStream err;

    SightCommand() {
        this(System.out, System.err);
    }

    SightCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> raw) {
        Args args = Args.parse(raw, Set.of("url", "token", "home", "tlp", "task-force"), Set.of());
        if (args.positional().size() != 1) {
            throw new UsageException("usage: sight FILE [--url URL] [--token T] [--tlp T] [--task-force ID]");
        }
        Path file = Path.of(args.positional().getFirst());
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            err.println("sight: no such file: " + file);
            return 1;
        } catch (IOException e) {
            err.println("sight: cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        String stripped = text.stripLeading();
        String body;
        if (stripped.startsWith("{") || stripped.startsWith("[")) {
            body = text;
        } else {
            ObjectNode values = json.createObjectNode();
            var array = values.putArray("values");
            text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(array::add);
            body = values.toString();
        }
        List<String> query = new ArrayList<>();
        args.option("tlp").ifPresent(t -> query.add("tlp=" + URLEncoder.encode(t, StandardCharsets.UTF_8)));
        args.option("task-force").ifPresent(tf -> {
            query.add("audience=task-force");
            query.add("task_force=" + URLEncoder.encode(tf, StandardCharsets.UTF_8));
        });
        NodeConnection node = NodeConnection.from(args);
        HttpResponse<String> response;
        try {
            response = node.http().send(node.request("/api/v1/observations" + (query.isEmpty() ? "" : "?" + String.join("&", query)))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println(node.unreachable(e));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
        JsonNode answer = parse(response.body());
        switch (response.statusCode()) {
            case 200, 201 -> {
                report(file, answer);
                return 0;
            }
            case 401 -> err.println("sight: the node did not accept the API token");
            case 403 -> err.println("sight: " + answer.path("detail").asString("this token may not submit observations (it needs intel.write)"));
            default -> err.println("sight: the node answered " + response.statusCode() + ": "
                    + answer.path("detail").asString(response.body()));
        }
        return 1;
    }

    private void report(Path file, JsonNode a) {
        JsonNode counts = a.path("counts");
        out.printf(Locale.ROOT, "%s: %,d observations, %,d matches, %,d sightings, %,d suppressed%n", file.getFileName(),
                counts.path("observations").asLong(), counts.path("matches").asLong(), counts.path("sightings").asLong(),
                counts.path("suppressed").asLong());
        if (!"ready".equals(a.path("catalog").asString("ready"))) {
            out.println("  note: the node is still loading its indicators; matches may be incomplete");
        }
        for (JsonNode m : a.path("matches")) {
            JsonNode i = m.path("indicator");
            out.printf(Locale.ROOT, "  match       %s%s  %s%n", i.path("id").asString(),
                    i.path("name").isString() ? " \"" + i.path("name").asString() + "\"" : "", i.path("pattern").asString(""));
        }
        for (JsonNode s : a.path("sightings")) {
            out.printf(Locale.ROOT, "  sighting    %s of %s%n", s.path("id").asString(), s.path("sighting_of_ref").asString());
        }
        for (JsonNode h : a.path("suppressed")) {
            out.printf(Locale.ROOT, "  suppressed  %s (%s) by warninglist %s: %s%n", h.path("value").asString(),
                    h.path("type").asString(), h.path("list").asString(), h.path("reason").asString());
        }        for (JsonNode n : a.path("not_sighted")) {
            out.printf(Locale.ROOT, "  not sighted %s: %s%n", n.path("indicator").asString(), n.path("reason").asString());
        }
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (RuntimeException e) {
            return json.createObjectNode().put("detail", body);
        }
    }
}
