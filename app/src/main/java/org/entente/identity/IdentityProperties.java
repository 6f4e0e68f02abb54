package org.entente.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of console sign-in ({@code entente.identity.*}).
 *
 * @param lockoutFailures how many consecutive failed password sign-ins lock an account (default 5)
 * @param lockoutDuration how long a locked account refuses password sign-in, even the right password
 *                        (default 15 minutes)
 */
@ConfigurationProperties("entente.identity")
public record IdentityProperties(Integer lockoutFailures, Duration lockoutDuration) {

    public IdentityProperties {
        lockoutFailures = lockoutFailures == null ? 5 : lockoutFailures;
        lockoutDuration = lockoutDuration == null ? Duration.ofMinutes(15) : lockoutDuration;
        if (lockoutFailures < 1) {
            throw new IllegalArgumentException("entente.identity.lockout-failures must be at least 1");
        }
        if (lockoutDuration.isNegative() || lockoutDuration.isZero()) {
            throw new IllegalArgumentException("entente.identity.lockout-duration must be positive");
        }
    }
}
