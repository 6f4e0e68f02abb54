package org.entente.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.entente.audit.AuditAction;
import org.entente.audit.AuditEvent;
import org.entente.audit.AuditLog;
import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Generation;
import org.entente.community.Ids.UserId;
import org.entente.community.Permission;
import org.entente.identity.CallerAuthentication.Credential;
import org.entente.identity.CallerAuthentication.Method;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, lists, revokes and checks API tokens. A token is 256 random bits; only its SHA-256 is
 * stored (a slow hash adds nothing for secrets of that entropy), so a database leak yields no usable
 * token. A token may expire ({@code expires_at}), be revoked ({@code revoked_at}), and be limited to a
 * set of permissions (scopes): its caller then holds the intersection of the user's current
 * permissions and the scopes, so a scope never grants what the user's roles do not.
 */
@Service
public class ApiTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    static final int MAX_LABEL = 100;

    /** At most this many authenticated tokens are cached; past it the cache starts again empty. */
    static final int CACHE_MAX = 10_000;
    private static final long TOUCH_EVERY_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

    private final JdbcClient jdbc;
    private final Community community;
    private final AuditLog audit;
    /** Moves on every revocation (see {@link Generation}); the community's own generation covers users, roles, tiers and memberships. */
    private final Generation revocations;
    private final java.util.concurrent.ConcurrentHashMap<String, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A token this node authenticated, with the caller it stood for: used while neither generation has
     * moved since it was loaded, for at most {@link Community#CACHE_TTL}, and never past the token's expiry.
     * Only tokens that were valid are cached: an unknown token always reaches the database.
     */
    private record Cached(TokenHolder holder, Caller caller, Instant expiresAt, long generation, long loadedAt,
                          java.util.concurrent.atomic.AtomicLong touchedAt) {
    }

    ApiTokens(JdbcClient jdbc, Community community, AuditLog audit, org.entente.node.Cluster cluster) {
        // A revocation is announced to the other instances in its transaction; they move the
        // community's generation on receipt, which {@link #generation()} includes.
        this.revocations = new Generation(() -> cluster.publish(Community.CHANGED, "token-revoked"));
        this.jdbc = jdbc;
        this.community = community;
        this.audit = audit;
    }

    /** The holder of a valid token and what the token is limited to (empty: all of the user's permissions). */
    public record TokenHolder(long tokenId, long userId, String username, Optional<Set<Permission>> scopes) {
    }

    /** A token's metadata: never the token, which is shown once when issued and not kept. */
    record TokenInfo(long id, String label, Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt,
                     List<String> scopes, String status) {
    }

    /** A newly issued token: {@code token} is the secret, shown this once. */
    record IssuedToken(TokenInfo info, String token) {
    }

    private record Found(TokenHolder holder, boolean stale, Instant expiresAt) {
    }

    /** The holder of {@code token} if it is known, not revoked and not expired (always from the database). */
    public Optional<TokenHolder> authenticate(String token) {
        if (!plausible(token)) {
            return Optional.empty();
        }
        return find(hash(token)).map(Found::holder);
    }

    private static boolean plausible(String token) {
        return token != null && !token.isBlank() && token.length() <= 512;
    }

    private Optional<Found> find(byte[] tokenHash) {
        Optional<Found> found = jdbc.sql("""
                        select t.id, u.id, u.username, t.scopes,
                               t.last_used_at is null or t.last_used_at < now() - interval '1 minute', t.expires_at
                        from api_token t join app_user u on u.id = t.user_id
                        where t.token_hash = ? and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())""")
                .param(tokenHash)
                .query((rs, n) -> new Found(new TokenHolder(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        permissions(rs.getArray(4))), rs.getBoolean(5), instant(rs.getTimestamp(6))))
                .optional();
        found.filter(Found::stale).ifPresent(f -> touch(f.holder().tokenId()));
        return found;
    }

    /**
     * The authentication for a request presenting {@code token}, with the token's scopes applied. On the
     * hot path this touches no table: the caller comes from the cache while nothing it depends on changed
     * (a revocation, a user's roles, a tier, a ceiling, a task force's members all move a generation and
     * take effect from the very next request), see {@link Cached}.
     */
    Optional<CallerAuthentication> authenticateCaller(String token, Method method) {
        if (!plausible(token)) {
            return Optional.empty();
        }
        byte[] tokenHash = hash(token);
        String key = Base64.getEncoder().encodeToString(tokenHash);
        long generation = generation(); // read before loading: see Generation
        long now = System.nanoTime();
        Cached cached = cache.get(key);
        if (cached != null && cached.generation() == generation && now - cached.loadedAt() < Community.CACHE_TTL.toNanos()
                && (cached.expiresAt() == null || cached.expiresAt().isAfter(Instant.now()))) {
            long touched = cached.touchedAt().get();
            if (now - touched > TOUCH_EVERY_NANOS && cached.touchedAt().compareAndSet(touched, now)) {
                touch(cached.holder().tokenId());
            }
            return Optional.of(authentication(cached.holder(), cached.caller(), method));
        }
        if (cached != null) {
            cache.remove(key, cached);
        }
        Optional<Found> found = find(tokenHash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        TokenHolder holder = found.get().holder();
        Optional<Caller> caller = community.caller(new UserId(holder.userId())).map(c -> scoped(c, holder.scopes()));
        if (caller.isEmpty()) {
            return Optional.empty();
        }
        if (cache.size() >= CACHE_MAX) {
            cache.clear();
        }
        cache.put(key, new Cached(holder, caller.get(), found.get().expiresAt(), generation, now,
                new java.util.concurrent.atomic.AtomicLong(now)));
        return Optional.of(authentication(holder, caller.get(), method));
    }

    private static CallerAuthentication authentication(TokenHolder holder, Caller caller, Method method) {
        return CallerAuthentication.of(caller, new Credential(method, holder.tokenId(), holder.scopes()));
    }

    /** Moves whenever a token is revoked or anything a caller is built from changes. */
    long generation() {
        return revocations.current() + community.generation(); // both only grow: any change moves the sum
    }

    /** The caller limited to the scopes: the intersection of what the user holds and what the token carries. */
    static Caller scoped(Caller caller, Optional<Set<Permission>> scopes) {
        if (scopes.isEmpty()) {
            return caller;
        }
        Set<Permission> held = caller.permissions().stream().filter(scopes.get()::contains)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Permission.class)));
        return new Caller(caller.user(), caller.username(), caller.organisation(), caller.participant(), caller.tier(),
                caller.taskForces(), held);
    }

    /**
     * Issues a token to the caller. Requested scopes must be permissions the caller holds now (through
     * this very credential, so a scoped token can only issue tokens as narrow as itself); without
     * scopes, a token issued through a scoped credential inherits its scopes, otherwise it carries all
     * of the user's permissions.
     */
    @Transactional
    IssuedToken issue(CallerAuthentication auth, String label, Optional<Instant> expiresAt, Optional<List<String>> scopeNames) {
        Caller caller = auth.getPrincipal();
        String cleanLabel = label == null ? "" : label.strip();
        if (cleanLabel.isEmpty() || cleanLabel.length() > MAX_LABEL || cleanLabel.chars().anyMatch(Character::isISOControl)) {
            throw new IdentityExceptions.BadRequest("label", "label must be 1 to " + MAX_LABEL + " printable characters");
        }
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(Instant.now())) {
            throw new IdentityExceptions.BadRequest("expiresAt", "expiresAt must be in the future");
        }
        Optional<Set<Permission>> scopes;
        if (scopeNames.isPresent()) {
            if (scopeNames.get().isEmpty()) {
                throw new IdentityExceptions.BadRequest("scopes",
                        "scopes must name at least one permission; leave it out for all of your permissions");
            }
            Set<Permission> requested = EnumSet.noneOf(Permission.class);
            for (String name : scopeNames.get()) {
                Permission p = Permission.byCode(name == null ? "" : name).orElseThrow(() -> new IdentityExceptions.BadRequest(
                        "scopes", "unknown permission '" + name + "'; known: " + Arrays.stream(Permission.values())
                        .map(Permission::code).collect(Collectors.joining(", "))));
                if (!caller.has(p)) {
                    throw new IdentityExceptions.BadRequest("scopes", "you do not hold the permission '" + p.code() + "'");
                }
                requested.add(p);
            }
            scopes = Optional.of(requested);
        } else if (auth.credential().scopes().isPresent()) {
            scopes = Optional.of(caller.permissions());
        } else {
            scopes = Optional.empty();
        }
        String token = newToken();
        String[] scopeArray = scopes.map(s -> s.stream().map(Permission::code).sorted().toArray(String[]::new)).orElse(null);
        long id = jdbc.sql("insert into api_token (user_id, token_hash, label, expires_at, scopes) values (?, ?, ?, ?, ?) returning id")
                .params(caller.user().value(), hash(token), cleanLabel,
                        expiresAt.map(Timestamp::from).orElse(null), scopeArray)
                .query(Long.class).single();
        TokenInfo info = info(caller.user().value(), id).orElseThrow();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tokenId", id);
        details.put("label", cleanLabel);
        details.put("expiresAt", info.expiresAt() == null ? null : info.expiresAt().toString());
        details.put("scopes", info.scopes());
        details.put("via", auth.credential().method().name().toLowerCase());
        audit.record(new AuditEvent(caller.username(), AuditAction.TOKEN_ISSUED, caller.username(), details));
        return new IssuedToken(info, token);
    }

    /** The user's tokens, newest first. */
    List<TokenInfo> list(long userId) {
        return jdbc.sql(SELECT_INFO + " where user_id = ? order by id desc").param(userId).query(ApiTokens::info).list();
    }

    Optional<TokenInfo> info(long userId, long tokenId) {
        return jdbc.sql(SELECT_INFO + " where user_id = ? and id = ?").params(userId, tokenId).query(ApiTokens::info).optional();
    }

    /**
     * Revokes one of the caller's own tokens. Not found (also for another user's token, so ids reveal
     * nothing) when the caller holds no token with that id; revoking a revoked token changes nothing.
     */
    @Transactional
    TokenInfo revoke(Caller caller, long tokenId) {
        revocations.advance();
        int changed = jdbc.sql("update api_token set revoked_at = now() where id = ? and user_id = ? and revoked_at is null")
                .params(tokenId, caller.user().value()).update();
        TokenInfo info = info(caller.user().value(), tokenId)
                .orElseThrow(() -> new IdentityExceptions.NotFound("You hold no API token with id " + tokenId + "."));
        if (changed == 1) {
            audit.record(new AuditEvent(caller.username(), AuditAction.TOKEN_REVOKED, caller.username(),
                    Map.of("tokenId", tokenId, "label", info.label())));
        }
        return info;
    }

    /**
     * Issues a fresh token for a user the node itself created (e.g. the demo community of
     * {@code ./entente up --demo}); returns the token, to be shown once. Audited as TOKEN_ISSUED.
     */
    public String issueForNewUser(UserId user, String username, String label) {
        String token = newToken();
        register(user.value(), token, label);
        audit.record(new AuditEvent("system", AuditAction.TOKEN_ISSUED, username, Map.of("label", label)));
        return token;
    }

    /** Registers {@code token} for the user unless it is already registered; returns whether it was new. */
    boolean register(long userId, String token, String label) {
        return jdbc.sql("insert into api_token (user_id, token_hash, label) values (?, ?, ?) on conflict (token_hash) do nothing")
                .params(userId, hash(token), label)
                .update() == 1;
    }

    private void touch(long tokenId) {
        jdbc.sql("update api_token set last_used_at = now() where id = ?"
                + " and (last_used_at is null or last_used_at < now() - interval '1 minute')").param(tokenId).update();
    }

    private static final String SELECT_INFO = """
            select id, label, created_at, expires_at, revoked_at, last_used_at, scopes,
                   case when revoked_at is not null then 'revoked'
                        when expires_at is not null and expires_at <= now() then 'expired'
                        else 'active' end
            from api_token""";

    private static TokenInfo info(java.sql.ResultSet rs, int n) throws SQLException {
        return new TokenInfo(rs.getLong(1), rs.getString(2), instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4)),
                instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)),
                rs.getArray(7) == null ? null : List.copyOf(new TreeSet<>(Arrays.asList((String[]) rs.getArray(7).getArray()))),
                rs.getString(8));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Optional<Set<Permission>> permissions(Array array) throws SQLException {
        if (array == null) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream((String[]) array.getArray()).map(Permission::byCode).flatMap(Optional::stream)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Permission.class))));
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
