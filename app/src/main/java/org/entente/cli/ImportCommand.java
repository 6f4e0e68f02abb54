package org.entente.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongConsumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code entente import FILE...}: streams each file to the node, with a progress bar per file. */
final class ImportCommand {

    private static final int SHOWN_REJECTIONS = 20;
    private final JsonMapper json = JsonMapper.builder().build();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    int run(List<String> raw) {
        Args args = Args.parse(raw, Set.of("url", "token", "home"), Set.of("verbose"));
        if (args.positional().isEmpty()) {
            throw new UsageException("import needs at least one FILE");
        }
        for (String f : args.positional()) {
            if (!Files.isReadable(Path.of(f)) || Files.isDirectory(Path.of(f))) {
                throw new UsageException("cannot read file " + f);
            }
        }
        NodeConnection node = NodeConnection.from(args);
        int exit = 0;
        for (String f : args.positional()) {
            exit = Math.max(exit, importFile(node, Path.of(f), args.flag("verbose")));
        }
        return exit;
    }

    private int importFile(NodeConnection node, Path file, boolean verbose) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            err.println(file + ": cannot read: " + e.getMessage());
            return 1;
        }
        ProgressBar bar = new ProgressBar(err, file.getFileName().toString(), size);
        long started = System.nanoTime();
        HttpRequest request = node.request("/api/v1/objects")
                .header("Content-Type", "application/stix+json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> uncheckedCounting(file, bar::update)))
                .build();
        HttpResponse<String> response;
        try {
            response = node.http().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            bar.finish(0);
            err.println(node.unreachable(e));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
        bar.finish(size);
        double seconds = (System.nanoTime() - started) / 1e9;
        JsonNode body = parse(response.body());
        return switch (response.statusCode()) {
            case 200 -> printSummary(file, body, seconds, verbose);
            case 400 -> {
                if (body.has("summary")) {
                    printSummary(file, body.get("summary"), seconds, verbose);
                }
                err.println(file + ": " + body.path("detail").asString("the node refused the input"));
                yield 1;
            }
            case 401 -> {
                err.println(file + ": the node did not accept the API token");
                yield 1;
            }
            default -> {
                err.println(file + ": the node answered " + response.statusCode() + ": "
                        + body.path("detail").asString(response.body()));
                yield 1;
            }
        };
    }

    private int printSummary(Path file, JsonNode s, double seconds, boolean verbose) {
        long received = s.path("received").asLong();
        List<JsonNode> rejected = s.path("rejected").valueStream().toList();
        out.printf(Locale.ROOT, "%s: %,d received, %,d stored, %,d already present, %,d rejected (%.1f s, %,.0f objects/s)%n",
                file.getFileName(), received, s.path("stored").asLong(), s.path("alreadyPresent").asLong(),
                rejected.size(), seconds, received / Math.max(seconds, 1e-3));
        int shown = 0;
        for (JsonNode r : rejected) {
            if (!verbose && shown++ == SHOWN_REJECTIONS) {
                out.printf("  ... and %d more (use --verbose to see all)%n", rejected.size() - SHOWN_REJECTIONS);
                break;
            }
            out.printf("  rejected #%d %s%n", r.path("index").asInt(), r.path("id").asString("(no id)"));
            for (JsonNode reason : r.path("reasons")) {
                out.printf("    %s at %s: %s%n", reason.path("rule").asString(), reason.path("pointer").asString(),
                        reason.path("message").asString());
            }
        }
        return rejected.isEmpty() && s.path("failure").isNull() || rejected.isEmpty() && s.path("failure").isMissingNode() ? 0 : 1;
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (RuntimeException e) {
            return json.createObjectNode().put("detail", body);
        }
    }

    private static InputStream uncheckedCounting(Path file, LongConsumer progress) {
        try {
            return CountingInputStream.of(file, progress);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
