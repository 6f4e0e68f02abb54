package org.entente.identity;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.entente.community.Caller;
import org.entente.community.Permission;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated request: the principal is the {@link Caller}; authorities are its permission names.
 * The {@link Credential} says how the caller proved who it is (never the secret itself).
 */
final class CallerAuthentication extends AbstractAuthenticationToken {

    /** How a caller authenticated. */
    enum Method { BEARER_TOKEN, BASIC_TOKEN, SESSION }

    /**
     * The credential behind a request: for tokens, which token (by id) and the scopes it is limited to
     * (empty: the token carries all of the user's permissions).
     */
    record Credential(Method method, Long tokenId, Optional<Set<Permission>> scopes) {
        Credential {
            scopes = scopes.map(Set::copyOf);
        }

        static Credential session() {
            return new Credential(Method.SESSION, null, Optional.empty());
        }
    }

    private final transient Caller caller;
    private final transient Credential credential;

    private CallerAuthentication(Caller caller, Credential credential, Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.caller = caller;
        this.credential = credential;
        setAuthenticated(true);
    }

    static CallerAuthentication of(Caller caller, Credential credential) {
        List<SimpleGrantedAuthority> authorities = caller.permissions().stream()
                .map(p -> new SimpleGrantedAuthority(p.code())).toList();
        return new CallerAuthentication(caller, credential, authorities);
    }

    Credential credential() {
        return credential;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller.username();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallerAuthentication other && other.caller.equals(caller) && other.credential.equals(credential);
    }

    @Override
    public int hashCode() {
        return caller.hashCode();
    }
}
