package org.entente.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.entente.EntenteNode;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A node in pinned mode (small community, no shared CA): each node has credentials from a CA of its own,
 * and the node accepts exactly the certificates in {@code pinned/}, nothing else its peer's CA issued.
 */
class FederationPinnedModeTest {

    static ConfigurableApplicationContext node;
    static int port;
    static Path golf;
    static Path hotelOwnCa;
    static CommunityCa hotelCa;

    @BeforeAll
    static void start() throws Exception {
        CommunityCa golfCa = TrustTestSupport.newCa("golf-own");
        golf = TrustTestSupport.issue(golfCa, "golf");
        hotelCa = TrustTestSupport.newCa("hotel-own");
        hotelOwnCa = TrustTestSupport.issue(hotelCa, "hotel");
        // golf's key directory: its own credentials, and hotel's TLS certificate pinned instead of a ca.crt.
        Files.delete(golf.resolve("ca.crt"));
        Files.createDirectories(golf.resolve("pinned"));
        Files.copy(hotelOwnCa.resolve("node.crt"), golf.resolve("pinned").resolve("hotel.crt"));
        node = SpringApplication.run(EntenteNode.class, "--server.port=0", "--entente.home=" + RunningNode.freshHome(),
                "--entente.admin-token=" + RunningNode.ADMIN_TOKEN, "--entente.federation.enabled=true",
                "--entente.federation.port=0", "--entente.federation.key-dir=" + golf);
        port = node.getBean(FederationNode.class).port();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void thePinnedCertificateIsAcceptedAndNamesItsParticipant() throws Exception {
        // hotel pins golf's certificate in turn.
        CommunityTrust pinsGolf = CommunityTrust.pinned(List.of(TrustTestSupport.load(golf).tlsCertificate()));
        HttpClient client = TrustTestSupport.clientOf(hotelOwnCa, pinsGolf, "TLSv1.3");
        var r = TrustTestSupport.get(client, "https://localhost:" + port + "/federation/v1/hello");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"participant\":\"golf\"", "\"peer\":\"hotel\"");
    }

    @Test
    void anotherCertificateFromThePinnedPeersCaIsRefused() throws Exception {
        CommunityTrust pinsGolf = CommunityTrust.pinned(List.of(TrustTestSupport.load(golf).tlsCertificate()));
        Path sameCaOtherCert = TrustTestSupport.issue(hotelCa, "hotel");
        HttpClient client = TrustTestSupport.clientOf(sameCaOtherCert, pinsGolf, "TLSv1.3");
        assertThatThrownBy(() -> TrustTestSupport.get(client, "https://localhost:" + port + "/federation/v1/hello"))
                .isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
        Object[] forged = TrustTestSupport.selfSigned("hotel");
        HttpClient forger = TrustTestSupport.plainClient((java.security.PrivateKey) forged[0],
                new java.security.cert.X509Certificate[] {(java.security.cert.X509Certificate) forged[1]}, pinsGolf, "TLSv1.3");
        assertThatThrownBy(() -> TrustTestSupport.get(forger, "https://localhost:" + port + "/federation/v1/hello"))
                .isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void aClientPinningSomethingElseRefusesThisNode() throws Exception {
        CommunityTrust pinsHotel = CommunityTrust.pinned(List.of(TrustTestSupport.load(hotelOwnCa).tlsCertificate()));
        HttpClient client = TrustTestSupport.clientOf(hotelOwnCa, pinsHotel, "TLSv1.3");
        assertThatThrownBy(() -> TrustTestSupport.get(client, "https://localhost:" + port + "/federation/v1/hello"))
                .isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
    }
}
