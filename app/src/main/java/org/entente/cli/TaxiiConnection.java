package org.entente.cli;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.entente.taxii.client.CollectionChoiceException;
import org.entente.taxii.client.Credentials;
import org.entente.taxii.client.RetryPolicy;
import org.entente.taxii.client.TaxiiClient;
import org.entente.taxii.client.TaxiiCollection;
import org.entente.taxii.client.TaxiiException;

/**
 * The TAXII server a {@code taxii} command talks to and how it authenticates: {@code --token T} (or
 * {@code TAXII_TOKEN}) for a bearer token, {@code --user U} with {@code --password P} (or
 * {@code TAXII_PASSWORD}) for HTTP Basic, else none. The node's own token (ENTENTE_TOKEN, admin.token) is
 * deliberately not used: the URL may be anybody's server.
 */
final class TaxiiConnection {

    private TaxiiConnection() {
    }

    static TaxiiClient open(String url, Args args, PrintStream err) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new UsageException("not a URL: " + url);
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
            throw new UsageException("the TAXII URL must be http(s)://host/..., e.g. https://example.org/taxii2/");
        }
        TaxiiClient.Builder b = TaxiiClient.builder(uri).credentials(credentials(args))
                .onRetry((method, u, attempt, wait, reason) -> err.printf(Locale.ROOT,
                        "%s %s: %s; retrying in %.1f s (attempt %d failed)%n", method, u.getPath(), reason,
                        wait.toMillis() / 1000.0, attempt));
        args.option("limit").ifPresent(l -> b.pageSize(positive("limit", l)));
        args.option("retries").ifPresent(r -> b.retryPolicy(RetryPolicy.DEFAULT.withMaxAttempts(positive("retries", r))));
        args.option("timeout").ifPresent(t -> b.requestTimeout(Duration.ofSeconds(positive("timeout", t))));
        return b.build();
    }

    static Credentials credentials(Args args) {
        Optional<String> token = args.option("token").or(() -> env("TAXII_TOKEN"));
        Optional<String> user = args.option("user");
        if (args.option("token").isPresent() && user.isPresent()) {
            throw new UsageException("pass either --token or --user/--password, not both");
        }
        if (user.isPresent()) {
            String password = args.option("password").or(() -> env("TAXII_PASSWORD")).orElseThrow(
                    () -> new UsageException("--user needs --password (or TAXII_PASSWORD)"));
            try {
                return Credentials.basic(user.get(), password);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (args.option("password").isPresent()) {
            throw new UsageException("--password needs --user");
        }
        return token.map(Credentials::bearer).orElse(Credentials.none());
    }

    static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + option + " must be a positive whole number, not '" + value + "'");
    }

    /** A sentence for the user about a failed exchange. */
    static String explain(TaxiiException e) {
        String where = e.uri().map(URI::toString).orElse("the server");
        return switch (e.status()) {
            case 401 -> where + ": the server did not accept the credentials (401)"
                    + e.error().map(x -> ": " + x.summary()).orElse("");
            case 403 -> where + ": these credentials may not do that (403)"
                    + e.error().map(x -> ": " + x.summary()).orElse("");
            default -> e.getMessage();
        };
    }

    /** Prints why no collection was chosen and the ones to choose from. */
    static void explain(CollectionChoiceException e, String command, PrintStream err) {
        err.println("entente taxii " + command + ": " + e.getMessage()
                + (e.candidates().isEmpty() ? "" : "; pass --collection ID (or its title):"));
        for (TaxiiCollection c : e.candidates()) {
            err.printf("  %s  %s  %s%n", c.id(), c.access(), c.title() == null ? "" : c.title());
        }
    }

    private static Optional<String> env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }
}
