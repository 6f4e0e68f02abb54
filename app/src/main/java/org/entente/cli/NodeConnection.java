package org.entente.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where a client command talks to and with which token: {@code --url} (default
 * http://localhost:8080) and {@code --token}, else {@code ENTENTE_TOKEN} or {@code ENTENTE_ADMIN_TOKEN},
 * else the administrator credential a local node left in its home ({@code --home}, default ./var).
 */
record NodeConnection(URI base, String token, HttpClient http) {

    static NodeConnection from(Args args) {
        String url = args.option("url").or(() -> env("ENTENTE_URL")).orElse("http://localhost:8080");
        if (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        URI base;
        try {
            base = URI.create(url);
            if (base.getScheme() == null || base.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--url must be an http(s) URL, e.g. http://localhost:8080");
        }
        Path home = Path.of(args.option("home").or(() -> env("ENTENTE_HOME")).orElse("var"));
        String token = args.option("token")
                .or(() -> env("ENTENTE_TOKEN"))
                .or(() -> env("ENTENTE_ADMIN_TOKEN"))
                .or(() -> readCredential(home.resolve("admin.token")))
                .orElseThrow(() -> new UsageException("no API token: pass --token, set ENTENTE_TOKEN, or run next to"
                        + " a node whose home (" + home + ") holds admin.token"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return new NodeConnection(base, token, http);
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .header("Authorization", "Bearer " + token);
    }

    /** A message for the user when the node cannot be reached. */
    String unreachable(IOException e) {
        return e instanceof ConnectException || e.getCause() instanceof ConnectException
                ? "cannot reach a node at " + base + " (is './entente up' running?)"
                : "talking to " + base + " failed: " + e;
    }

    private static Optional<String> readCredential(Path file) {
        try {
            return Files.isReadable(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }
}
