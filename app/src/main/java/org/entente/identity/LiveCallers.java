package org.entente.identity;

import java.sql.Array;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
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

    LiveCallers(JdbcClient jdbc, Community community) {
        this.jdbc = jdbc;
        this.community = community;
    }

    /** The caller of a request whose credential can be checked again later. */
    public interface LiveCaller {
        /** The caller as of now; empty when the credential no longer holds. Reads the database. */
        Optional<Caller> refresh();
    }

    /** The current request's caller as a {@link LiveCaller}; empty when the request is not authenticated. */
    public Optional<LiveCaller> ofCurrentRequest(HttpServletRequest request) {
        return PermissionInterceptor.currentAuthentication().map(auth -> {
            CallerAuthentication.Credential credential = auth.credential();
            UserId user = auth.getPrincipal().user();
            if (credential.method() == CallerAuthentication.Method.SESSION) {
                HttpSession session = request.getSession(false);
                return () -> sessionValid(session) ? community.caller(user) : Optional.<Caller>empty();
            }
            long tokenId = credential.tokenId();
            return () -> token(tokenId).flatMap(scopes -> community.caller(user).map(c -> ApiTokens.scoped(c, scopes)));
        });
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

    /** The token's scopes while it is valid (inner empty: all of the user's permissions); empty once it is not. */
    private Optional<Optional<Set<Permission>>> token(long tokenId) {
        return jdbc.sql("select scopes from api_token where id = ? and revoked_at is null and (expires_at is null or expires_at > now())")
                .param(tokenId)
                .query((rs, n) -> scopes(rs.getArray(1)))
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
