package org.entente.identity;

import java.sql.Array;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Ids.UserId;
import org.entente.community.Permission;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The caller of a long-lived request (a stream), asked again whenever it matters. A request is
 * authenticated once, when it starts; a stream that lasts hours must not keep the rights its caller had
 * then. {@link LiveCaller#refresh()} re-reads the credential and the user: empty once the token is
 * revoked or expired, the console session has ended, or the user is gone; otherwise the caller with its
 * current roles, task forces and token scopes.
 */
@Service
public class LiveCallers {

    private final JdbcClient jdbc;
    private final Community community;
    private final ApiTokens tokens;

    LiveCallers(JdbcClient jdbc, Community community, ApiTokens tokens) {
        this.jdbc = jdbc;
        this.community = community;
        this.tokens = tokens;
    }

    /** The caller of a request whose credential can be checked again later. */
    public interface LiveCaller {
        /**
         * The caller as of now; empty when the credential no longer holds. Reads the database only when
         * something the answer depends on may have changed (see {@link Remembered}).
         */
        Optional<Caller> refresh();
    }

    /** The current request's caller as a {@link LiveCaller}; empty when the request is not authenticated. */
    public Optional<LiveCaller> ofCurrentRequest(HttpServletRequest request) {
        return PermissionInterceptor.currentAuthentication().map(auth -> {
            CallerAuthentication.Credential credential = auth.credential();
            UserId user = auth.getPrincipal().user();
            if (credential.method() == CallerAuthentication.Method.SESSION) {
                HttpSession session = request.getSession(false);
                Remembered remembered = new Remembered(() -> new Answer(community.caller(user), null));
                return () -> sessionValid(session) ? remembered.get() : Optional.<Caller>empty();
            }
            long tokenId = credential.tokenId();
            Remembered remembered = new Remembered(() -> token(tokenId)
                    .map(t -> new Answer(community.caller(user).map(c -> ApiTokens.scoped(c, t.scopes())), t.expiresAt()))
                    .orElse(new Answer(Optional.empty(), null)));
            return remembered::get;
        });
    }

    private record Answer(Optional<Caller> caller, Instant expiresAt) {
    }

    /**
     * The last answer, kept while nothing it depends on changed: a stream asks before every delivery,
     * and hundreds of streams must not each read the database per notification. Every revocation and
     * every change of users, roles, memberships or ceilings moves the generation (see ApiTokens and
     * Community), so such a change is seen by the very next delivery; a token's expiry is checked on
     * every call; the TTL is the same backstop the other caches use for rows edited by hand.
     */
    private final class Remembered {
        private record Snapshot(Answer answer, long generation, long loadedAt) {
        }

        private final Supplier<Answer> loader;
        private volatile Snapshot last;

        Remembered(Supplier<Answer> loader) {
            this.loader = loader;
        }

        Optional<Caller> get() {
            long generation = tokens.generation(); // read before loading: a change after this leaves the answer stale
            long now = System.nanoTime();
            Snapshot s = last;
            if (s == null || s.generation() != generation || now - s.loadedAt() >= Community.CACHE_TTL.toNanos()) {
                s = new Snapshot(loader.get(), generation, now);
                last = s;
            }
            Instant expiresAt = s.answer().expiresAt();
            return expiresAt != null && !expiresAt.isAfter(Instant.now()) ? Optional.empty() : s.answer().caller();
        }
    }

    private static boolean sessionValid(HttpSession session) {
        if (session == null) {
            return false;
        }
        try {
            session.getCreationTime(); // throws once the session is invalidated (sign-out, expiry)
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** A valid token's scopes (empty: all of the user's permissions) and expiry. */
    private record Token(Optional<Set<Permission>> scopes, Instant expiresAt) {
    }

    /** The token while it is valid; empty once it is not. */
    private Optional<Token> token(long tokenId) {
        return jdbc.sql("select scopes, expires_at from api_token where id = ? and revoked_at is null and (expires_at is null or expires_at > now())")
                .param(tokenId)
                .query((rs, n) -> {
                    java.sql.Timestamp expires = rs.getTimestamp(2);
                    return new Token(scopes(rs.getArray(1)), expires == null ? null : expires.toInstant());
                })
                .optional();
    }

    private static Optional<Set<Permission>> scopes(Array array) throws java.sql.SQLException {
        if (array == null) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream((String[]) array.getArray()).map(Permission::byCode).flatMap(Optional::stream)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Permission.class))));
    }
}
