package org.entente.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.entente.osint.extract.ArticleExtractor;
import org.entente.osint.extract.ExtractedArticle;
import org.entente.osint.extract.JsoupArticleExtractor;
import org.entente.osint.extract.UnreadableArticleException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code entente osint}: open-source articles.
 * <ul>
 *   <li>{@code osint extract FILE|DIR...} extracts locally, without a node: one JSON object per file and line
 *       ({@code file, title, author, published, language, text}, or {@code file, error}); a bad file does not stop
 *       the others.</li>
 *   <li>{@code osint FILE|DIR...} sends each page as it is to the node's {@code POST /api/v1/osint/articles}
 *       (the node extracts and analyses), with a progress bar, then prints ingested / duplicates / failed.</li>
 * </ul>
 * Directories are walked recursively for .html, .htm, .txt and .gz files. Exit code 1 when any file failed.
 */
final class OsintCommand {

    static final String USAGE = "usage: osint extract FILE|DIR... | osint [--url URL] [--token T] [--tlp T]"
            + " [--task-force ID] FILE|DIR...";
    private static final Set<String> PAGE_SUFFIXES = Set.of(".html", ".htm", ".txt", ".gz");

    private final JsonMapper json = JsonMapper.builder().build();
    private final ArticleExtractor extractor;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;

    OsintCommand() {
        this(new JsoupArticleExtractor(), System.out, System.err, System.console() != null);
    }

    OsintCommand(ArticleExtractor extractor, PrintStream out, PrintStream err, boolean interactive) {
        this.extractor = extractor;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    int run(List<String> raw) {
        if (!raw.isEmpty() && raw.getFirst().equals("extract")) {
            return extract(raw.subList(1, raw.size()));
        }
        return upload(raw);
    }

    private int extract(List<String> raw) {
        Args args = Args.parse(raw, Set.of(), Set.of());
        List<Path> files = files(args.positional());
        int exit = 0;
        for (Path file : files) {
            ObjectNode line = json.createObjectNode().put("file", file.toString());
            try {
                ExtractedArticle article = extractor.extract(Files.readAllBytes(file), file.getFileName().toString());
                line.put("title", article.title().orElse(null));
                line.put("author", article.author().orElse(null));
                line.put("published", article.published().map(Object::toString).orElse(null));
                line.put("language", article.language().orElse(null));
                line.put("text", article.text());
            } catch (IOException e) {
                line.put("error", "cannot read: " + e.getMessage());
                exit = 1;
            } catch (UnreadableArticleException e) {
                line.put("error", e.getMessage());
                exit = 1;
            } catch (RuntimeException e) {
                // a defect in extraction must not cost the user the other files' results
                line.put("error", "extraction failed: " + e);
                exit = 1;
            }
            out.println(json.writeValueAsString(line));
        }
        out.flush();
        return exit;
    }

    private int upload(List<String> raw) {
        Args args = Args.parse(raw, Set.of("url", "token", "home", "tlp", "task-force"), Set.of("verbose"));
        List<Path> files = files(args.positional());
        if (files.isEmpty()) {
            err.println("osint: no .html, .htm, .txt or .gz files found");
            return 1;
        }
        NodeConnection node = NodeConnection.from(args);
        String query = query(args);
        long totalBytes = 0;
        for (Path f : files) {
            totalBytes += size(f);
        }
        ProgressBar bar = new ProgressBar(err, "osint", totalBytes, interactive);
        long done = 0;
        int ingested = 0;
        int duplicates = 0;
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            Outcome outcome;
            try {
                outcome = send(node, file, query);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                bar.finish(done);
                return 130;
            } catch (NodeUnreachable e) {
                bar.finish(done);
                err.println(e.getMessage());
                return 1;
            }
            switch (outcome.kind()) {
                case INGESTED -> ingested++;
                case DUPLICATE -> duplicates++;
                case FAILED -> failures.add(file + ": " + outcome.detail());
            }
            if (args.flag("verbose")) {
                err.println(file + ": " + outcome.kind().name().toLowerCase(Locale.ROOT)
                        + (outcome.detail().isEmpty() ? "" : " (" + outcome.detail() + ")"));
            }
            done += size(file);
            bar.update(done);
        }
        bar.finish(done);
        out.printf(Locale.ROOT, "osint: %,d files, %,d ingested, %,d duplicates, %,d failed%n", files.size(), ingested,
                duplicates, failures.size());
        for (String failure : failures) {
            out.println("  failed " + failure);
        }
        return failures.isEmpty() ? 0 : 1;
    }

    private enum Kind { INGESTED, DUPLICATE, FAILED }

    private record Outcome(Kind kind, String detail) {
    }

    private static final class NodeUnreachable extends Exception {
        NodeUnreachable(String message) {
            super(message);
        }
    }

    private Outcome send(NodeConnection node, Path file, String query) throws InterruptedException, NodeUnreachable {
        byte[] body;
        try {
            body = Files.readAllBytes(file);
        } catch (IOException e) {
            return new Outcome(Kind.FAILED, "cannot read: " + e.getMessage());
        }
        String source = URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8);
        HttpRequest request = node.request("/api/v1/osint/articles?source=" + source + query)
                .header("Content-Type", contentType(file))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response;
        try {
            response = node.http().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new NodeUnreachable(node.unreachable(e));
        }
        int status = response.statusCode();
        JsonNode answer = parse(response.body());
        if (status == 201) {
            return new Outcome(Kind.INGESTED, answer.path("id").asString(""));
        }
        if (status == 200) {
            return new Outcome(Kind.DUPLICATE, answer.path("id").asString(""));
        }
        if (status == 401) {
            return new Outcome(Kind.FAILED, "the node did not accept the API token");
        }
        String detail = answer.path("detail").asString("");
        return new Outcome(Kind.FAILED, detail.isBlank() ? "the node answered " + status
                : status >= 500 ? "the node answered " + status + ": " + detail : detail);
    }

    static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            return "application/gzip";
        }
        return name.endsWith(".txt") ? "text/plain" : "text/html";
    }

    private static String query(Args args) {
        StringBuilder q = new StringBuilder();
        args.option("tlp").ifPresent(t -> q.append("&tlp=").append(URLEncoder.encode(t, StandardCharsets.UTF_8)));
        args.option("task-force").ifPresent(tf -> q.append("&audience=task-force&task_force=")
                .append(URLEncoder.encode(tf, StandardCharsets.UTF_8)));
        return q.toString();
    }

    /** Files as given, and the pages under each directory given, in a stable order. */
    static List<Path> files(List<String> given) {
        if (given.isEmpty()) {
            throw new UsageException(USAGE);
        }
        List<Path> files = new ArrayList<>();
        for (String g : given) {
            Path p = Path.of(g);
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).filter(OsintCommand::isPage).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UsageException("cannot read directory " + g + ": " + e.getMessage());
                }
            } else if (Files.exists(p)) {
                files.add(p);
            } else {
                throw new UsageException("no such file or directory: " + g);
            }
        }
        return files;
    }

    private static boolean isPage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return PAGE_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (RuntimeException e) {
            return json.createObjectNode();
        }
    }
}
