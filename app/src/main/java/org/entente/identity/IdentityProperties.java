package org.entente.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of sign-in ({@code entente.identity.*}).
 *
 * @param lockoutFailures  how many consecutive failed password sign-ins lock an account (default 5)
 * @param lockoutDuration  how long a locked account refuses password sign-in, even the right password
 *                         (default 15 minutes)
 * @param throttleFailures how many failed authentications (API tokens, HTTP Basic, password sign-in) one
 *                         client address may make within {@code throttleWindow} before its further
 *                         attempts are refused with 429 for a window (default 30), see {@link AuthenticationThrottle}
 * @param throttleWindow   the window those failures are counted in, and how long a blocked address stays
 *                         blocked (default 60 seconds)
 */
@ConfigurationProperties("entente.identity")
public record IdentityProperties(Integer lockoutFailures, Duration lockoutDuration, Integer throttleFailures,
                                 Duration throttleWindow) {

    public IdentityProperties {
        lockoutFailures = lockoutFailures == null ? 5 : lockoutFailures;
        lockoutDuration = lockoutDuration == null ? Duration.ofMinutes(15) : lockoutDuration;
        throttleFailures = throttleFailures == null ? 30 : throttleFailures;
        throttleWindow = throttleWindow == null ? Duration.ofSeconds(60) : throttleWindow;
        if (lockoutFailures < 1) {
            throw new IllegalArgumentException("entente.identity.lockout-failures must be at least 1");
        }
        if (lockoutDuration.isNegative() || lockoutDuration.isZero()) {
            throw new IllegalArgumentException("entente.identity.lockout-duration must be positive");
        }
        if (throttleFailures < 1) {
            throw new IllegalArgumentException("entente.identity.throttle-failures must be at least 1");
        }
        // At least a second: Retry-After is in whole seconds, and a shorter window would throttle nothing.
        if (throttleWindow.compareTo(Duration.ofSeconds(1)) < 0 || throttleWindow.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("entente.identity.throttle-window must be between 1 second and 1 day");
        }
    }
}
