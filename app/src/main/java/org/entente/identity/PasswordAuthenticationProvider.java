package org.entente.identity;

import org.entente.identity.CallerAuthentication.Credential;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** Console form sign-in: username and password to a session whose principal is the {@link org.entente.community.Caller}. */
final class PasswordAuthenticationProvider implements AuthenticationProvider {

    /** The one message for every refusal: it must not tell an unknown user from a wrong password or a lock. */
    static final String REFUSED = "Sign-in failed: check the username and password. After repeated failures, sign-in is"
            + " suspended for a while.";

    private final PasswordLogins logins;

    PasswordAuthenticationProvider(PasswordLogins logins) {
        this.logins = logins;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String address = authentication.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : null;
        Object password = authentication.getCredentials();
        return logins.login(authentication.getName(), password == null ? null : password.toString(), address)
                .map(caller -> CallerAuthentication.of(caller, Credential.session()))
                .orElseThrow(() -> new BadCredentialsException(REFUSED));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
