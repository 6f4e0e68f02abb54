package org.entente.community;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Issues and checks API tokens. Only a token's SHA-256 is stored. */
@Service
public class ApiTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    ApiTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The holder of a valid token. */
    public record TokenHolder(long userId, String username, List<String> roles) {
    }

    public Optional<TokenHolder> authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 512) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select u.id, u.username, u.roles from api_token t join app_user u on u.id = t.user_id
                        where t.token_hash = ? and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())""")
                .param(hash(token))
                .query((rs, n) -> new TokenHolder(rs.getLong(1), rs.getString(2),
                        List.of((String[]) rs.getArray(3).getArray())))
                .optional();
    }

    /** Registers {@code token} for the user unless it is already registered; returns whether it was new. */
    boolean register(long userId, String token, String label) {
        return jdbc.sql("insert into api_token (user_id, token_hash, label) values (?, ?, ?) on conflict (token_hash) do nothing")
                .params(userId, hash(token), label)
                .update() == 1;
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "ent_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
