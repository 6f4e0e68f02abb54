package org.entente.identity;

import org.entente.community.AuthenticatedEndpoint;
import java.util.List;

import org.entente.community.Caller;
import org.entente.community.Permission;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the caller is and what its credential carries: handy to check a token's effective scopes. */
@RestController
class MeController {

    /**
     * @param permissions what this request may do: the user's permissions, narrowed by the token's scopes
     * @param scopes      the token's scopes, null when it carries all of the user's permissions
     */
    record Me(long id, String username, long organisation, long participant, String tier, List<String> permissions,
              String authenticatedBy, Long tokenId, List<String> scopes) {
    }

    @AuthenticatedEndpoint(because = "it only describes the caller itself")
    @GetMapping("/api/v1/me")
    Me me(Caller caller) {
        CallerAuthentication.Credential credential = PermissionInterceptor.currentAuthentication().orElseThrow().credential();
        return new Me(caller.user().value(), caller.username(), caller.organisation().value(), caller.participant().value(),
                caller.tier().code(), caller.permissions().stream().map(Permission::code).sorted().toList(),
                credential.method().name().toLowerCase().replace('_', '-'), credential.tokenId(),
                credential.scopes().map(s -> s.stream().map(Permission::code).sorted().toList()).orElse(null));
    }
}
