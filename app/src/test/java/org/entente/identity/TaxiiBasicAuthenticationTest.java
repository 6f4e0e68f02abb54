package org.entente.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** TAXII clients that only speak HTTP Basic: username and one of the user's API tokens as the password. */
class TaxiiBasicAuthenticationTest extends IdentityTestSupport {

    private HttpResponse<String> basic(String path, String username, String password) {
        String credentials = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Basic " + credentials)
                .header("Accept", "application/taxii+json;version=2.1").GET());
    }

    @Test
    void usernameAndApiTokenOverBasicResolveToTheSameCallerAsTheBearerToken() {
        TestUser user = user("analyst");
        String token = tokenFor(user);

        HttpResponse<String> viaBasic = basic(TaxiiProbeController.PATH, user.username(), token);
        HttpResponse<String> viaBearer = api("GET", TaxiiProbeController.PATH, token, null);

        assertThat(viaBasic.statusCode()).as(viaBasic.body()).isEqualTo(200);
        assertThat(json(viaBasic.body()).path("username").asString()).isEqualTo(user.username());
        assertThat(json(viaBasic.body())).isEqualTo(json(viaBearer.body()));
    }

    @Test
    void aScopedTokenKeepsItsScopesOverBasic() {
        TestUser user = user("analyst");
        String token = tokenFor(user, Map.of("label", "taxii", "scopes", List.of("intel.read"))).path("token").asString();

        HttpResponse<String> viaBasic = basic(TaxiiProbeController.PATH, user.username(), token);

        assertThat(json(viaBasic.body()).path("permissions").valueStream().map(p -> p.asString())).containsExactly("intel.read");
    }

    @Test
    void aWrongTokenAnotherUsersTokenOrTheConsolePasswordAreRefused() {
        TestUser user = user("reader");
        TestUser other = user("reader");
        String othersToken = tokenFor(other);

        for (HttpResponse<String> refused : List.of(
                basic(TaxiiProbeController.PATH, user.username(), "ent_wrong"),
                basic(TaxiiProbeController.PATH, user.username(), othersToken),
                basic(TaxiiProbeController.PATH, user.username(), user.password()))) {
            assertTaxiiError(refused, 401);
            assertThat(refused.headers().allValues("WWW-Authenticate")).anySatisfy(h -> assertThat(h).startsWith("Basic realm="));
        }
    }

    @Test
    void withoutCredentialsTheChallengeOffersBasicAndBearer() {
        HttpResponse<String> none = send(HttpRequest.newBuilder(uri(TaxiiProbeController.PATH)).GET());

        assertTaxiiError(none, 401);
        assertThat(none.headers().allValues("WWW-Authenticate")).anySatisfy(h -> assertThat(h).startsWith("Basic"))
                .anySatisfy(h -> assertThat(h).startsWith("Bearer"));
    }

    @Test
    void basicIsNotAcceptedOutsideTaxii() {
        TestUser user = user("reader");
        String token = tokenFor(user);

        assertProblem(basic("/api/v1/tokens", user.username(), token), 401);
    }
}
