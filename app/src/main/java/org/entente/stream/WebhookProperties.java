package org.entente.stream;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of webhook deliveries ({@code entente.webhooks.*}).
 *
 * @param retryBase   the wait before the first retry; each further retry waits twice as long (default 10 s)
 * @param retryMax    the longest wait between two attempts (default 1 hour)
 * @param maxAttempts attempts before a delivery is given up as failed (default 10)
 * @param timeout     how long one attempt may take, connecting included (default 10 s)
 * @param allowedNetworks internal networks webhooks may reach nonetheless, in CIDR notation (default none:
 *                    every loopback, private, link-local and other internal address is refused; see
 *                    {@link WebhookEgress})
 */
@ConfigurationProperties("entente.webhooks")
record WebhookProperties(Duration retryBase, Duration retryMax, Integer maxAttempts, Duration timeout,
                         List<String> allowedNetworks) {

    WebhookProperties {
        retryBase = retryBase == null ? Duration.ofSeconds(10) : retryBase;
        retryMax = retryMax == null ? Duration.ofHours(1) : retryMax;
        maxAttempts = maxAttempts == null ? 10 : maxAttempts;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
        for (String network : allowedNetworks) {
            try {
                WebhookEgress.Network.parse(network);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("entente.webhooks.allowed-networks: " + e.getMessage(), e);
            }
        }
        if (retryBase.isNegative() || retryBase.isZero() || retryMax.compareTo(retryBase) < 0 || maxAttempts < 1
                || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("entente.webhooks: durations must be positive, retry-max at least retry-base,"
                    + " max-attempts at least 1");
        }
    }

    /** The wait after the given (1-based) failed attempt: base, 2 x base, 4 x base, ... at most retryMax. */
    Duration backoff(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        Duration d = retryBase.multipliedBy(1L << doublings);
        return d.compareTo(retryMax) > 0 ? retryMax : d;
    }
}
