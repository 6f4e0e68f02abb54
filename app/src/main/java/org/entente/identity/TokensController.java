package org.entente.identity;

import org.entente.community.AuthenticatedEndpoint;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.entente.community.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A caller's own API tokens: issue (the token is in the answer, once), list (metadata only), revoke.
 * Served for API clients under {@code /api/v1/tokens} and for the signed-in console under
 * {@code /console/tokens} (session cookie and CSRF token), e.g. to make a token for a TAXII client.
 */
@RestController
@RequestMapping({"/api/v1/tokens", "/console/tokens"})
@AuthenticatedEndpoint(because = "callers only ever see and change their own tokens")
class TokensController {

    private final ApiTokens tokens;

    TokensController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    /**
     * @param label     what the token is for (1 to 100 characters)
     * @param expiresAt when it stops working (RFC 3339); none means it works until revoked
     * @param scopes    permission names to limit it to; none means all of the caller's permissions
     */
    record TokenRequest(String label, String expiresAt, List<String> scopes) {
    }

    /** An issued token: the metadata, and {@code token}, the secret itself, which is never shown again. */
    record Issued(long id, String label, String token, Instant createdAt, Instant expiresAt, List<String> scopes,
                  String status) {
    }

    @PostMapping
    ResponseEntity<Issued> issue(@RequestBody TokenRequest request) {
        CallerAuthentication auth = PermissionInterceptor.currentAuthentication().orElseThrow();
        Optional<Instant> expiresAt = Optional.ofNullable(request.expiresAt()).map(TokensController::timestamp);
        ApiTokens.IssuedToken issued = tokens.issue(auth, request.label(), expiresAt, Optional.ofNullable(request.scopes()));
        ApiTokens.TokenInfo info = issued.info();
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + info.id()))
                .body(new Issued(info.id(), info.label(), issued.token(), info.createdAt(), info.expiresAt(), info.scopes(),
                        info.status()));
    }

    @GetMapping
    Map<String, List<ApiTokens.TokenInfo>> list(Caller caller) {
        return Map.of("tokens", tokens.list(caller.user().value()));
    }

    @GetMapping("/{id}")
    ApiTokens.TokenInfo one(@PathVariable long id, Caller caller) {
        return tokens.info(caller.user().value(), id)
                .orElseThrow(() -> new IdentityExceptions.NotFound("You hold no API token with id " + id + "."));
    }

    /** Revokes one of the caller's tokens at once; 404 for a token that is not the caller's. */
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable long id, Caller caller) {
        tokens.revoke(caller, id);
    }

    private static Instant timestamp(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IdentityExceptions.BadRequest("expiresAt", "expiresAt must be an RFC 3339 timestamp, e.g. 2030-01-31T00:00:00Z");
        }
    }
}
