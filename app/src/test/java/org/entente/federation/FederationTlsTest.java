package org.entente.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import org.entente.support.RunningNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * A node with federation enabled (community CA mode), reached over real TLS on loopback by clients with
 * good, missing, self-signed, foreign, expired and TLS 1.2-only credentials.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@org.springframework.test.annotation.DirtiesContext // its own node and database: closed after the class
class FederationTlsTest {

    static final CommunityCa CA = TrustTestSupport.newCa("Alliance");
    static final Path ALPHA = TrustTestSupport.issue(CA, "alpha");
    static final Path BRAVO = TrustTestSupport.issue(CA, "bravo");
    static final CommunityTrust TRUST = CommunityTrust.ca(CA.certificate());

    /** A home of its own: RunningNode's is shared by the contexts of its subclasses. */
    static final Path HOME = RunningNode.freshHome();

    @Autowired
    FederationNode federation;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void federation(DynamicPropertyRegistry registry) {
        registry.add("entente.home", HOME::toString);
        registry.add("entente.admin-token", () -> RunningNode.ADMIN_TOKEN);
        registry.add("entente.federation.enabled", () -> "true");
        registry.add("entente.federation.port", () -> "0");
        registry.add("entente.federation.key-dir", ALPHA::toString);
    }

    String fed(String path) {
        return "https://localhost:" + federation.port() + path;
    }

    HttpResponse<String> get(String path) throws IOException {
        return TrustTestSupport.get(java.net.http.HttpClient.newHttpClient(), "http://localhost:" + port + path);
    }

    static JsonNode json(String text) {
        return org.entente.stix.StixJson.MAPPER.readTree(text);
    }

    @Test
    void aPeerWithACertificateOfTheCommunityIsIdentifiedAsItsParticipant() throws Exception {
        NodeCredentials bravo = TrustTestSupport.load(BRAVO);
        HttpResponse<String> r = TrustTestSupport.get(bravo.httpClient(null), fed("/federation/v1/hello"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r.body());
        assertThat(body.get("participant").stringValue()).isEqualTo("alpha");
        assertThat(body.get("peer").stringValue()).isEqualTo("bravo");
        assertThat(body.get("peer_fingerprint").stringValue()).isEqualTo(Fingerprints.sha256(bravo.tlsCertificate()));
        // The signing certificate it hands out is usable as a participant key.
        X509Certificate signing = org.entente.federation.trust.Pem.certificates(body.get("signing_certificate").stringValue(), "hello")
                .getFirst();
        assertThat(ParticipantKeys.empty(bravo.trust()).with(signing).participants()).containsExactly("alpha");
        assertThat(r.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isEqualTo("TLSv1.3"));
    }

    @Test
    void theClientChecksTheExpectedFingerprintOfThePeer() throws Exception {
        NodeCredentials bravo = TrustTestSupport.load(BRAVO);
        String alphaFingerprint = Fingerprints.withColons(Fingerprints.sha256(TrustTestSupport.load(ALPHA).tlsCertificate()));
        assertThat(TrustTestSupport.get(bravo.httpClient(alphaFingerprint), fed("/federation/v1/hello")).statusCode()).isEqualTo(200);
        String other = Fingerprints.sha256(bravo.tlsCertificate());
        assertThatThrownBy(() -> TrustTestSupport.get(bravo.httpClient(other), fed("/federation/v1/hello")))
                .isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void aClientWithoutACertificateIsRefused() throws Exception {
        HttpClient client = TrustTestSupport.plainClient(null, null, TRUST, "TLSv1.3");
        assertThatThrownBy(() -> TrustTestSupport.get(client, fed("/federation/v1/hello"))).isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void aSelfSignedCertificateIsRefused() throws Exception {
        Object[] forged = TrustTestSupport.selfSigned("bravo");
        HttpClient client = TrustTestSupport.plainClient((PrivateKey) forged[0], new X509Certificate[] {(X509Certificate) forged[1]},
                TRUST, "TLSv1.3");
        assertThatThrownBy(() -> TrustTestSupport.get(client, fed("/federation/v1/hello"))).isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        CommunityCa other = TrustTestSupport.newCa("Elsewhere");
        Path impostor = TrustTestSupport.issue(other, "bravo");
        HttpClient client = TrustTestSupport.clientOf(impostor, TRUST, "TLSv1.3");
        assertThatThrownBy(() -> TrustTestSupport.get(client, fed("/federation/v1/hello"))).isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        Path expired = TrustTestSupport.issueExpired(CA, "bravo");
        HttpClient client = TrustTestSupport.clientOf(expired, TRUST, "TLSv1.3");
        assertThatThrownBy(() -> TrustTestSupport.get(client, fed("/federation/v1/hello"))).isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
        assertThatThrownBy(() -> NodeCredentials.load(expired)).hasMessageContaining("not valid");
    }

    @Test
    void aTls12OnlyClientIsRefused() throws Exception {
        HttpClient client = TrustTestSupport.clientOf(BRAVO, TRUST, "TLSv1.2");
        assertThatThrownBy(() -> TrustTestSupport.get(client, fed("/federation/v1/hello"))).isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
        // ...while the same credentials over TLS 1.3 are fine.
        assertThat(TrustTestSupport.get(TrustTestSupport.clientOf(BRAVO, TRUST, "TLSv1.3"), fed("/federation/v1/hello"))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void apiPathsDoNotExistOnTheFederationPort() throws Exception {
        HttpClient client = TrustTestSupport.load(BRAVO).httpClient(null);
        for (String path : new String[] {"/api/v1/objects", "/api/v1/audit", "/taxii2/", "/login", "/", "/error",
                "/federation/../api/v1/audit", "/federationx", "/federation/v1/unknown"}) {
            HttpResponse<String> r = TrustTestSupport.get(client, fed(path));
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).doesNotContain("\"id\"");
        }
    }

    @Test
    void federationPathsDoNotExistOnTheApiPort() throws IOException {
        for (String path : new String[] {"/federation/v1/hello", "/federation/", "/federation"}) {
            HttpResponse<String> r = get(path); // with the administrator's token
            assertThat(r.statusCode()).as(path).isEqualTo(404);
        }
        assertThat(get("/api/v1/objects?type=indicator").statusCode()).isEqualTo(200);
    }
}
