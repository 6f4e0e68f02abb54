/**
 * Identity: who a request comes from and whether the endpoint it calls is permitted to that caller.
 * API clients use bearer tokens (hashed at rest, with expiry, revocation and scopes); TAXII clients may
 * send a token as the password of HTTP Basic; people sign in to the console with a password (Argon2id,
 * lockout) and get a session cookie guarded by CSRF tokens. All of them become a
 * {@link org.entente.community.Caller}. Endpoints declare {@code @RequiresPermission},
 * {@link org.entente.identity.AuthenticatedEndpoint} or {@code @PublicEndpoint}; sign-ins, refusals,
 * token and permission changes go to the audit log.
 */
package org.entente.identity;
