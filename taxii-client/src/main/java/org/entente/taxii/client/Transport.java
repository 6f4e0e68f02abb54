package org.entente.taxii.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

import org.entente.stix.StixJson;

import tools.jackson.databind.JsonNode;

/**
 * One HTTP exchange with a TAXII server: media types, credentials, retries with backoff, same-origin
 * redirects, error messages. Bodies are parsed with {@link StixJson#MAPPER} so STIX numbers stay exact.
 */
final class Transport {

    /** A successful (2xx) answer. */
    record Response(int status, HttpHeaders headers, JsonNode body, URI uri) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** The answer was not TAXII JSON at all (e.g. an HTML page). */
    static final class NotTaxiiException extends TaxiiException {
        NotTaxiiException(String message, int status, URI uri) {
            super(message, status, null, uri, null);
        }
    }

    private static final int MAX_REDIRECTS = 5;
    private static final String USER_AGENT = "entente-taxii-client/0.1";

    private final HttpClient http;
    private final Credentials credentials;
    private final Duration requestTimeout;
    private final RetryPolicy retry;
    private final RetryListener onRetry;
    private final RandomGenerator random = RandomGenerator.getDefault();

    Transport(HttpClient http, Credentials credentials, Duration requestTimeout, RetryPolicy retry,
              RetryListener onRetry) {
        this.http = http;
        this.credentials = credentials;
        this.requestTimeout = requestTimeout;
        this.retry = retry;
        this.onRetry = onRetry;
    }

    Response get(URI uri) {
        return exchange("GET", uri, null);
    }

    Response post(URI uri, byte[] body) {
        return exchange("POST", uri, body);
    }

    Response delete(URI uri) {
        return exchange("DELETE", uri, null);
    }

    private Response exchange(String method, URI uri, byte[] body) {
        URI target = uri;
        for (int redirects = 0; ; redirects++) {
            HttpResponse<byte[]> response = sendWithRetries(method, target, body);
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                Optional<String> location = response.headers().firstValue("Location");
                if (location.isEmpty() || redirects >= MAX_REDIRECTS) {
                    throw new TaxiiException(method + " " + target + ": redirected (" + status + ") without a usable"
                            + " Location", status, null, target, null);
                }
                URI next = target.resolve(location.get());
                boolean keepsMethod = status == 307 || status == 308 || method.equals("GET");
                if (!sameOrigin(target, next) || !keepsMethod) {
                    throw new TaxiiException(method + " " + target + ": the server redirects to " + next
                            + "; use that URL instead", status, null, target, null);
                }
                target = next;
                continue;
            }
            JsonNode json = parse(response.body());
            if (status >= 400) {
                TaxiiError error = TaxiiError.from(json);
                String detail = error != null ? error.summary()
                        : json == null ? snippet(response.body()) : json.toString();
                throw new TaxiiException(method + " " + target + ": " + status + " " + reason(status)
                        + (detail.isBlank() ? "" : ": " + detail), status, error, target, null);
            }
            if (json == null) {
                if (response.body().length == 0) {
                    json = StixJson.MAPPER.createObjectNode();
                } else {
                    throw new NotTaxiiException(method + " " + target + ": the answer is not TAXII JSON ("
                            + response.headers().firstValue("Content-Type").orElse("no Content-Type") + ": "
                            + snippet(response.body()) + ")", status, target);
                }
            }
            return new Response(status, response.headers(), json, target);
        }
    }

    private HttpResponse<byte[]> sendWithRetries(String method, URI uri, byte[] body) {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response;
            try {
                response = http.send(request(method, uri, body), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                boolean retriable = notConnected(e) || !method.equals("POST");
                if (!retriable || attempt >= retry.maxAttempts()) {
                    throw new TaxiiException(method + " " + uri + ": " + describe(e)
                            + (attempt > 1 ? " (after " + attempt + " attempts)" : ""), 0, null, uri, e);
                }
                pause(method, uri, attempt, retry.backoff(attempt, random), describe(e));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TaxiiException(method + " " + uri + ": interrupted", 0, null, uri, e);
            }
            int status = response.statusCode();
            if (RetryPolicy.retriesStatus(status) && attempt < retry.maxAttempts()) {
                Duration wait = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
                wait = wait == null ? retry.backoff(attempt, random)
                        : wait.compareTo(retry.maxRetryAfter()) > 0 ? retry.maxRetryAfter() : wait;
                pause(method, uri, attempt, wait, status + " " + reason(status));
                continue;
            }
            return response;
        }
    }

    private HttpRequest request(String method, URI uri, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", TaxiiClient.MEDIA_TYPE)
                .header("User-Agent", USER_AGENT);
        credentials.authorization().ifPresent(a -> b.header("Authorization", a));
        if (body != null) {
            b.header("Content-Type", TaxiiClient.MEDIA_TYPE);
            b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    private void pause(String method, URI uri, int failedAttempt, Duration wait, String reason) {
        onRetry.retrying(method, uri, failedAttempt, wait, reason);
        sleep(wait, method + " " + uri);
    }

    static void sleep(Duration wait, String what) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaxiiException(what + ": interrupted", 0, null, null, e);
        }
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date (RFC 9110 section 10.2.3); {@code null} if absent. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** The request never reached the server, so even a POST may be sent again. */
    private static boolean notConnected(IOException e) {
        return e instanceof ConnectException || e instanceof HttpConnectTimeoutException
                || e.getCause() instanceof ConnectException;
    }

    private static String describe(IOException e) {
        if (notConnected(e)) {
            return "cannot connect" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getHost(), b.getHost()) && a.getPort() == b.getPort()
                && (Objects.equals(a.getScheme(), b.getScheme()) || "https".equals(b.getScheme()));
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return StixJson.MAPPER.readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String snippet(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
        return body.length > 200 ? s + "..." : s;
    }

    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }
}
