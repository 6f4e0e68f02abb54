package org.entente.taxii.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/** How requests authenticate: a bearer token, HTTP Basic, or nothing. {@code toString} never shows secrets. */
public sealed interface Credentials {

    /** The {@code Authorization} header value, if any. */
    Optional<String> authorization();

    static Credentials none() {
        return None.INSTANCE;
    }

    static Credentials bearer(String token) {
        return new Bearer(token);
    }

    static Credentials basic(String user, String password) {
        return new Basic(user, password);
    }

    /** No {@code Authorization} header. */
    enum None implements Credentials {
        INSTANCE;

        @Override
        public Optional<String> authorization() {
            return Optional.empty();
        }
    }

    /** {@code Authorization: Bearer TOKEN}. */
    record Bearer(String token) implements Credentials {
        public Bearer {
            Objects.requireNonNull(token, "token");
            if (token.isBlank()) {
                throw new IllegalArgumentException("token is empty");
            }
        }

        @Override
        public Optional<String> authorization() {
            return Optional.of("Bearer " + token);
        }

        @Override
        public String toString() {
            return "Bearer[***]";
        }
    }

    /** {@code Authorization: Basic base64(user:password)} (RFC 7617, UTF-8). */
    record Basic(String user, String password) implements Credentials {
        public Basic {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (user.contains(":")) {
                throw new IllegalArgumentException("an HTTP Basic user name cannot contain ':'");
            }
        }

        @Override
        public Optional<String> authorization() {
            return Optional.of("Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String toString() {
            return "Basic[" + user + ":***]";
        }
    }
}
