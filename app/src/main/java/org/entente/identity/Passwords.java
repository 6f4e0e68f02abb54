package org.entente.identity;

import java.util.UUID;
import java.util.concurrent.Semaphore;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Console passwords, hashed with Argon2id.
 *
 * <p>Parameters: memory 19 MiB, 2 iterations, parallelism 1, 16-byte salt, 32-byte hash: the first of
 * the equivalent configurations the OWASP Password Storage Cheat Sheet recommends, a little above
 * Spring Security's {@code defaultsForSpringSecurity_v5_8()} (16 MiB). BouncyCastle computes lanes one
 * after another, so parallelism above 1 would only add time. On the reference two-core machine a hash
 * takes some tens of milliseconds: unnoticeable for a person signing in, and costly in memory for
 * anyone trying many guesses offline. Each hash is stored as a PHC string with its parameters, so they
 * can be raised later: a hash made with older parameters is replaced at the next successful sign-in.
 *
 * <p>Memory is the cost that matters under load: at most {@link #PERMITS} hashes run at once, so a
 * flood of sign-in attempts (cheap to send, with a virtual thread each) queues instead of claiming
 * 19 MiB per request.
 */
@Component
class Passwords {

    static final int MIN_LENGTH = 12;
    /** Argon2 accepts any length; the cap only bounds what a request can make us hash. */
    static final int MAX_LENGTH = 1024;
    static final int PERMITS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    private final Semaphore hashing = new Semaphore(PERMITS, true);
    /** Verified against when there is no real hash to check, so every refusal costs one hash. */
    private final String decoy;

    Passwords() {
        this.decoy = hash(UUID.randomUUID().toString());
    }

    String hash(String raw) {
        return limited(() -> encoder.encode(raw));
    }

    /** Whether {@code raw} matches {@code hash}; with no hash (or an oversized input) still spends one hash, then says no. */
    boolean matches(String raw, String hash) {
        String candidate = raw == null || raw.length() > MAX_LENGTH ? "" : raw;
        boolean real = hash != null && raw != null && raw.length() <= MAX_LENGTH;
        boolean matched = limited(() -> encoder.matches(candidate, real ? hash : decoy));
        return real && matched;
    }

    /** Spends the time of one verification and refuses: for sign-ins that cannot succeed. */
    void decoyCheck(String raw) {
        matches(raw, null);
    }

    boolean outdated(String hash) {
        return encoder.upgradeEncoding(hash);
    }

    /** Why {@code password} is not acceptable for {@code username}, or null when it is. */
    static String weakness(String password, String username) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "password must have at least " + MIN_LENGTH + " characters";
        }
        if (password.length() > MAX_LENGTH) {
            return "password must have at most " + MAX_LENGTH + " characters";
        }
        if (password.equalsIgnoreCase(username)) {
            return "password must not be the username";
        }
        if (password.chars().distinct().count() < 4) {
            return "password must not repeat so few characters";
        }
        return null;
    }

    private <T> T limited(java.util.function.Supplier<T> work) {
        hashing.acquireUninterruptibly();
        try {
            return work.get();
        } finally {
            hashing.release();
        }
    }
}
