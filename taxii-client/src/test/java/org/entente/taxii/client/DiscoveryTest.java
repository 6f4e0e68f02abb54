package org.entente.taxii.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DiscoveryTest {

    private final StubTaxiiServer stub = StubTaxiiServer.start()
            .collection("c1", "Indicators", true, false)
            .collection("c2", "Inbox", false, true)
            .collection("c3", "Shared", true, true);

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void aDiscoveryUrlLeadsToTheDefaultApiRoot() {
        try (TaxiiClient client = TaxiiClient.builder(stub.discoveryUrl()).build()) {
            assertThat(client.apiRootUrl()).hasToString(stub.apiRootUrl());
            assertThat(client.discovery()).get().extracting(Discovery::title).isEqualTo("Stub TAXII server");
            assertThat(client.apiRoot().maxContentLength()).isEqualTo(10_485_760);
            assertThat(client.apiRoot().supportsTaxii21()).isTrue();
        }
    }

    @Test
    void anApiRootUrlIsUsedAsItIsWithoutTrailingSlash() {
        try (TaxiiClient client = TaxiiClient.builder(stub.apiRootUrl().replaceAll("/$", "")).build()) {
            assertThat(client.apiRootUrl()).hasToString(stub.apiRootUrl());
            assertThat(client.discovery()).isEmpty();
            assertThat(client.collections()).extracting(TaxiiCollection::id).containsExactly("c1", "c2", "c3");
        }
    }

    @Test
    void aBareServerUrlFindsDiscoveryUnderTaxii2() {
        try (TaxiiClient client = TaxiiClient.builder(stub.baseUrl()).build()) {
            assertThat(client.apiRootUrl()).hasToString(stub.apiRootUrl());
        }
        assertThat(stub.requests().getFirst().path()).isEqualTo("/taxii2/");
    }

    @Test
    void everyRequestAcceptsTheTaxii21MediaType() {
        try (TaxiiClient client = TaxiiClient.builder(stub.discoveryUrl()).bearerToken("s3cret").build()) {
            client.collections();
        }
        assertThat(stub.requests()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.headers().getFirst("Accept")).isEqualTo("application/taxii+json;version=2.1");
            assertThat(r.headers().getFirst("Authorization")).isEqualTo("Bearer s3cret");
        });
    }

    @Test
    void basicCredentialsAreSentAsRfc7617() {
        stub.requireAuthorization("Basic dXNlcjpww6Rzcw=="); // user:päss in UTF-8
        try (TaxiiClient client = TaxiiClient.builder(stub.discoveryUrl()).basicAuth("user", "päss").build()) {
            assertThat(client.collections()).hasSize(3);
        }
    }

    @Test
    void aCollectionIsChosenByIdTitleOrBeingTheOnlyOneWithTheAccessNeeded() {
        try (TaxiiClient client = TaxiiClient.builder(stub.discoveryUrl()).build()) {
            assertThat(client.selectCollection("c2", TaxiiClient.Access.WRITE).title()).isEqualTo("Inbox");
            assertThat(client.selectCollection("indicators", TaxiiClient.Access.READ).id()).isEqualTo("c1");
            assertThatThrownBy(() -> client.selectCollection(null, TaxiiClient.Access.READ))
                    .isInstanceOf(CollectionChoiceException.class)
                    .hasMessageContaining("2 collections")
                    .satisfies(e -> assertThat(((CollectionChoiceException) e).candidates())
                            .extracting(TaxiiCollection::id).containsExactly("c1", "c3"));
            assertThatThrownBy(() -> client.selectCollection("Inbox", TaxiiClient.Access.READ))
                    .isInstanceOf(CollectionChoiceException.class).hasMessageContaining("not readable");
            assertThatThrownBy(() -> client.selectCollection("nope", TaxiiClient.Access.READ))
                    .isInstanceOf(CollectionChoiceException.class).hasMessageContaining("no collection 'nope'");
        }
    }

    @Test
    void theOnlyWritableCollectionIsChosenWithoutAName() {
        try (StubTaxiiServer one = StubTaxiiServer.start().collection("w", "Inbox", false, true)
                .collection("r", "Feed", true, false);
             TaxiiClient client = TaxiiClient.builder(one.discoveryUrl()).build()) {
            assertThat(client.selectCollection(null, TaxiiClient.Access.WRITE).id()).isEqualTo("w");
        }
    }

    @Test
    void aTaxiiErrorMessageIsReadIntoTheException() {
        stub.requireAuthorization("Bearer right");
        try (TaxiiClient client = TaxiiClient.builder(stub.apiRootUrl()).bearerToken("wrong").build()) {
            assertThatThrownBy(client::collections)
                    .isInstanceOfSatisfying(TaxiiException.class, e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.error()).get().extracting(TaxiiError::title).isEqualTo("Unauthorized");
                        assertThat(e.error().get().httpStatus()).isEqualTo("401");
                    })
                    .hasMessageContaining("401 Unauthorized: Unauthorized: authentication required");
        }
    }

    @Test
    void somethingThatIsNotTaxiiIsReportedAsSuch() {
        try (TaxiiClient client = TaxiiClient.builder(stub.baseUrl() + "/nothing-here/").build()) {
            assertThatThrownBy(client::apiRootUrl).isInstanceOf(TaxiiException.class)
                    .hasMessageContaining("no TAXII 2.1 discovery resource or API root");
        }
    }

    @Test
    void manifestVersionsAndSingleObjectsAreReadable() {
        stub.add("c3", "2024-02-01T00:00:00.000Z", StubTaxiiServer.indicator(1));
        var v2 = StubTaxiiServer.indicator(1).put("modified", "2024-03-01T00:00:00.000Z");
        stub.add("c3", "2024-03-01T00:00:00.000Z", v2);
        String id = v2.path("id").asString();
        try (TaxiiClient client = TaxiiClient.builder(stub.discoveryUrl()).build()) {
            Manifest m = client.getManifest("c3", Query.ALL.versions("all"));
            assertThat(m.objects()).extracting(ManifestRecord::version)
                    .containsExactly("2024-01-01T00:00:00.000Z", "2024-03-01T00:00:00.000Z");
            assertThat(m.dateAddedLast()).isEqualTo("2024-03-01T00:00:00.000Z");
            assertThat(client.getVersions("c3", id, Query.ALL).versions()).hasSize(2);
            assertThat(client.getObject("c3", id, Query.ALL).objects()).hasSize(2);
            assertThat(client.getObjects("c3", Query.ALL).objects()).extracting(o -> o.path("modified").asString())
                    .isEqualTo(List.of("2024-03-01T00:00:00.000Z"));
        }
    }
}
