package org.entente.identity;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.entente.audit.AuditAction;
import org.entente.audit.AuditEvent;
import org.entente.audit.AuditLog;
import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.UserId;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Administration of users: creation, roles, console passwords. Every change is on the audit record. */
@Service
class Users {

    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private final JdbcClient jdbc;
    private final Community community;
    private final Passwords passwords;
    private final AuditLog audit;

    Users(JdbcClient jdbc, Community community, Passwords passwords, AuditLog audit) {
        this.jdbc = jdbc;
        this.community = community;
        this.passwords = passwords;
        this.audit = audit;
    }

    /** A user as the API shows it: never a password hash, only whether there is one. */
    record UserView(long id, String username, long organisation, List<String> roles, boolean hasPassword, boolean locked) {
    }

    Optional<UserView> find(long id) {
        return jdbc.sql("""
                        select id, username, organisation_id, roles, password_hash is not null,
                               locked_until is not null and locked_until > now()
                        from app_user where id = ?""")
                .param(id)
                .query((rs, n) -> new UserView(rs.getLong(1), rs.getString(2), rs.getLong(3),
                        List.copyOf(new TreeSet<>(Arrays.asList((String[]) rs.getArray(4).getArray()))),
                        rs.getBoolean(5), rs.getBoolean(6)))
                .optional();
    }

    @Transactional
    UserView create(Caller admin, String username, Long organisation, List<String> roles, String password) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IdentityExceptions.BadRequest("username",
                    "username must be 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
        if (organisation == null || community.organisation(new OrganisationId(organisation)).isEmpty()) {
            throw new IdentityExceptions.BadRequest("organisation", "organisation must be the id of a known organisation");
        }
        Set<String> roleSet = checkedRoles(roles);
        String hash = null;
        if (password != null) {
            String weakness = Passwords.weakness(password, username);
            if (weakness != null) {
                throw new IdentityExceptions.BadRequest("password", weakness);
            }
            hash = passwords.hash(password);
        }
        UserId id;
        try {
            id = community.addUser(username, new OrganisationId(organisation), roleSet);
        } catch (DuplicateKeyException e) {
            throw new IdentityExceptions.Conflict("The username '" + username + "' is taken.");
        }
        if (hash != null) {
            jdbc.sql("update app_user set password_hash = ?, password_changed_at = now() where id = ?")
                    .params(hash, id.value()).update();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("change", "user-created");
        details.put("userId", id.value());
        details.put("organisation", organisation);
        details.put("roles", List.copyOf(roleSet));
        details.put("password", hash != null);
        audit.record(new AuditEvent(admin.username(), AuditAction.PERMISSION_CHANGE, username, details));
        return find(id.value()).orElseThrow();
    }

    @Transactional
    UserView setRoles(Caller admin, long userId, List<String> roles) {
        Set<String> after = checkedRoles(roles);
        UserView before = jdbc.sql("select id from app_user where id = ? for update").param(userId).query(Long.class).optional()
                .flatMap(this::find)
                .orElseThrow(() -> new IdentityExceptions.NotFound("There is no user with id " + userId + "."));
        community.usersChanged(); // the user's cached callers hold the old permissions
        jdbc.sql("update app_user set roles = ? where id = ?").params(after.toArray(String[]::new), userId).update();
        boolean administered = jdbc.sql("""
                        select exists (select 1 from app_user u join role_permission rp on rp.role = any (u.roles)
                                       where rp.permission = 'community.admin')""")
                .query(Boolean.class).single();
        if (!administered) {
            throw new IdentityExceptions.Conflict("No user would hold the permission 'community.admin' any more.");
        }
        if (!new TreeSet<>(before.roles()).equals(after)) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("change", "roles");
            details.put("userId", userId);
            details.put("before", before.roles());
            details.put("after", List.copyOf(after));
            audit.record(new AuditEvent(admin.username(), AuditAction.PERMISSION_CHANGE, before.username(), details));
        }
        return find(userId).orElseThrow();
    }

    /**
     * Sets (or, with null, removes) a user's console password, and lifts any lockout: an
     * administrator who sets a password has dealt with whatever caused the failures.
     */
    @Transactional
    UserView setPassword(Caller admin, long userId, String password) {
        UserView user = find(userId).orElseThrow(() -> new IdentityExceptions.NotFound("There is no user with id " + userId + "."));
        String hash = null;
        if (password != null) {
            String weakness = Passwords.weakness(password, user.username());
            if (weakness != null) {
                throw new IdentityExceptions.BadRequest("password", weakness);
            }
            hash = passwords.hash(password);
        }
        jdbc.sql("""
                        update app_user set password_hash = ?, password_changed_at = now(), failed_logins = 0, locked_until = null
                        where id = ?""")
                .params(hash, userId).update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("change", password == null ? "password-removed" : "password-set");
        details.put("userId", userId);
        audit.record(new AuditEvent(admin.username(), AuditAction.PERMISSION_CHANGE, user.username(), details));
        return find(userId).orElseThrow();
    }

    private Set<String> checkedRoles(List<String> roles) {
        if (roles == null) {
            throw new IdentityExceptions.BadRequest("roles", "roles must be a list of role names (it may be empty)");
        }
        Set<String> known = new TreeSet<>(jdbc.sql("select distinct role from role_permission").query(String.class).list());
        Set<String> out = new TreeSet<>();
        for (String role : roles) {
            if (role == null || !known.contains(role)) {
                throw new IdentityExceptions.BadRequest("roles", "unknown role '" + role + "'; known roles: " + String.join(", ", known));
            }
            out.add(role);
        }
        return out;
    }
}
