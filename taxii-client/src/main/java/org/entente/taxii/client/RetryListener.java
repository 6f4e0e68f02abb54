package org.entente.taxii.client;

import java.net.URI;
import java.time.Duration;

/** Told before each retry: which request, which attempt failed, how long the client waits, and why. */
@FunctionalInterface
public interface RetryListener {

    RetryListener NONE = (method, uri, failedAttempt, wait, reason) -> {
    };

    void retrying(String method, URI uri, int failedAttempt, Duration wait, String reason);
}
