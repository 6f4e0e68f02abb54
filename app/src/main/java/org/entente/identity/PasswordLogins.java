package org.entente.identity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.entente.audit.AuditAction;
import org.entente.audit.AuditEvent;
import org.entente.audit.AuditLog;
import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Ids.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Password sign-in with lockout.
 *
 * <p>Lockout: each failure adds one to the user's consecutive failures; the one that reaches
 * {@code entente.identity.lockout-failures} (5) locks the account for {@code lockout-duration} (15 min)
 * and starts the count afresh. While locked, every attempt is refused, with the right password too,
 * and does not extend the lock (so nobody can keep an account locked forever by guessing; they can
 * only lock it again after it opens). A successful sign-in resets the count.
 *
 * <p>An attempt is counted as a failure <em>before</em> the password is checked (and the count put
 * back on success): concurrent guesses cannot slip past the limit, and no row lock is held while the
 * slow hash runs.
 *
 * <p>Every refusal looks the same from outside (one message, one Argon2 verification whatever the
 * reason), so nobody learns whether a username exists, has a password, or is locked. The audit
 * entry ({@code LOGIN_FAILED}, with the username attempted) says which it was.
 */
@Service
class PasswordLogins {

    static final int MAX_USERNAME = 200;

    private final JdbcClient jdbc;
    private final Passwords passwords;
    private final Community community;
    private final AuditLog audit;
    private final IdentityProperties settings;
    private final TransactionTemplate transaction;

    PasswordLogins(JdbcClient jdbc, Passwords passwords, Community community, AuditLog audit, IdentityProperties settings,
                   PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.community = community;
        this.audit = audit;
        this.settings = settings;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Why a sign-in was refused (recorded in the audit log only). */
    enum Refusal { UNKNOWN_USER, NO_PASSWORD, LOCKED, WRONG_PASSWORD }

    /** The caller when {@code username} and {@code password} are right and the account is not locked. */
    Optional<Caller> login(String username, String password, String address) {
        String name = username == null ? "" : username;
        if (name.isEmpty() || name.length() > MAX_USERNAME) {
            passwords.decoyCheck(password);
            return refused(name, null, Refusal.UNKNOWN_USER, address, false);
        }
        record Claim(long id, String hash) {
        }
        Optional<Claim> claim = jdbc.sql("""
                        update app_user set failed_logins = failed_logins + 1
                        where username = ? and password_hash is not null
                          and (locked_until is null or locked_until <= now()) and failed_logins < ?
                        returning id, password_hash""")
                .params(name, settings.lockoutFailures())
                .query((rs, n) -> new Claim(rs.getLong(1), rs.getString(2))).optional();
        if (claim.isEmpty()) {
            passwords.decoyCheck(password);
            Refusal why = jdbc.sql("select password_hash is not null from app_user where username = ?").param(name)
                    .query(Boolean.class).optional()
                    .map(hasPassword -> hasPassword ? Refusal.LOCKED : Refusal.NO_PASSWORD).orElse(Refusal.UNKNOWN_USER);
            return refused(name, null, why, address, false);
        }
        long id = claim.get().id();
        if (!passwords.matches(password, claim.get().hash())) {
            transaction.executeWithoutResult(status -> {
                Boolean locked = jdbc.sql("""
                                update app_user set
                                    locked_until = case when failed_logins >= ? then now() + ? * interval '1 millisecond'
                                                        else locked_until end,
                                    failed_logins = case when failed_logins >= ? then 0 else failed_logins end
                                where id = ? returning locked_until is not null and locked_until > now()""")
                        .params(settings.lockoutFailures(), settings.lockoutDuration().toMillis(), settings.lockoutFailures(), id)
                        .query(Boolean.class).optional().orElse(false);
                refused(name, id, Refusal.WRONG_PASSWORD, address, locked);
            });
            return Optional.empty();
        }
        String newHash = passwords.outdated(claim.get().hash()) ? passwords.hash(password) : null;
        return transaction.execute(status -> {
            jdbc.sql("""
                            update app_user set failed_logins = 0, locked_until = null, last_login_at = now(),
                                password_hash = coalesce(?, password_hash)
                            where id = ?""")
                    .params(newHash, id).update();
            Optional<Caller> caller = community.caller(new UserId(id));
            caller.ifPresent(c -> audit.record(new AuditEvent(c.username(), AuditAction.LOGIN, c.username(),
                    Map.of("method", "password", "address", address == null ? "" : address))));
            return caller;
        });
    }

    private Optional<Caller> refused(String username, Long userId, Refusal why, String address, boolean lockedNow) {
        String shown = username.length() > MAX_USERNAME ? username.substring(0, MAX_USERNAME) + "…" : username;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("username", shown);
        details.put("reason", why.name().toLowerCase().replace('_', '-'));
        details.put("address", address == null ? "" : address);
        if (userId != null) {
            details.put("userId", userId);
        }
        if (lockedNow) {
            details.put("locked", true);
            details.put("lockedFor", settings.lockoutDuration().toString());
        }
        audit.record(new AuditEvent(null, AuditAction.LOGIN_FAILED, shown, details));
        return Optional.empty();
    }
}
