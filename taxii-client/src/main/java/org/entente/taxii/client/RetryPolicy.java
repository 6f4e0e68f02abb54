package org.entente.taxii.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When and how long to wait before trying a request again.
 *
 * <p>Retried: connection failures (the request never reached the server; for GET and DELETE also a
 * connection lost mid-answer or a request timeout), 429 (waiting what {@code Retry-After} says, capped at
 * {@code maxRetryAfter}), 502, 503 (also honouring {@code Retry-After}) and 504. Never retried: any other
 * status, in particular 400, 401, 403, 404, 406, 413, 415, 422. At most {@code maxAttempts} attempts in all.
 *
 * <p>Backoff before attempt {@code n+1}: {@code min(maxDelay, initialDelay * multiplier^(n-1))}, of which
 * a random fraction up to {@code jitter} is taken off (so concurrent clients spread out).
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier,
                          double jitter, Duration maxRetryAfter) {

    /** Five attempts, 0.5 s doubling to at most 30 s, 50% jitter; {@code Retry-After} up to 5 minutes. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30), 2.0,
            0.5, Duration.ofMinutes(5));

    /** One attempt: failures surface at once. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0, 0.0, Duration.ZERO);

    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be at least 1");
        }
        if (jitter < 0.0 || jitter > 1.0) {
            throw new IllegalArgumentException("jitter must be between 0 and 1");
        }
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialDelay, maxDelay, multiplier, jitter, maxRetryAfter);
    }

    public RetryPolicy withDelays(Duration initial, Duration max) {
        return new RetryPolicy(maxAttempts, initial, max, multiplier, jitter, maxRetryAfter);
    }

    /** Whether an answer with this status may be retried. */
    public static boolean retriesStatus(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    /** The wait after failed attempt {@code attempt} (1-based), jitter applied. */
    public Duration backoff(int attempt, RandomGenerator random) {
        double base = initialDelay.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double capped = Math.min(base, (double) maxDelay.toNanos());
        double jittered = capped * (1.0 - jitter * random.nextDouble());
        return Duration.ofNanos((long) jittered);
    }
}
