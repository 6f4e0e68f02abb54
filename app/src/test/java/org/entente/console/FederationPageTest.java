package org.entente.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;

import org.entente.community.Ids.ParticipantId;
import org.entente.community.Tier;
import org.entente.federation.CommunityCa;
import org.entente.federation.NodeCredentials;
import org.entente.federation.TrustTestSupport;
import org.entente.federation.trust.Pem;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

/**
 * The federation page for a liaison: a peer's state, lag, counts and last error, its signing
 * certificate's subject and expiry, and quarantined entries. The peer's sync state is written as the
 * sync would leave it (there is no second node in this test; pairing needs one), the certificate is a
 * real one issued by a test community CA. A user without {@code federation.admin} is refused and sees
 * no link.
 */
class FederationPageTest extends BrowserTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aLiaisonSeesPeersLagErrorsCertificatesAndQuarantine() {
        User liaison = user(organisation(Tier.MEMBER), "liaison");
        String peerName = fresh("Peer");
        ParticipantId peer = community.addParticipant(peerName, Tier.MEMBER);
        CommunityCa ca = TrustTestSupport.newCa("test-community");
        NodeCredentials credentials = TrustTestSupport.load(TrustTestSupport.issue(ca, peerName));
        X509Certificate signing = credentials.signer().certificate();
        long id = jdbc.sql("insert into federation_peer (url, participant_id, fingerprint, signing_certificate, state, last_pull_at,"
                        + " caught_up_at, last_error, last_error_at, received, quarantined)"
                        + " values (?, ?, 'ab', ?, 'failing', now(), now() - interval '2 hours', ?, now(), 42, 1) returning id")
                .params("https://" + peerName.toLowerCase() + ".example:8443", peer.value(), Pem.certificate(signing),
                        "connection refused").query(Long.class).single();
        String objectId = "indicator--" + java.util.UUID.randomUUID();
        jdbc.sql("insert into federation_quarantine (peer_id, object_id, reason, entry) values (?, ?, ?, ?)")
                .params(id, objectId, "BAD_SIGNATURE: the signature does not verify", "{\"secret\":\"not shown\"}").update();
        try {
            signIn(liaison);
            showsThePeer(peerName, signing, objectId);
        } finally {
            // The node is shared by every browser test class: leave no fake peer behind for the others.
            jdbc.sql("delete from federation_quarantine where peer_id = ?").param(id).update();
            jdbc.sql("delete from federation_peer where id = ?").param(id).update();
        }
    }

    private void showsThePeer(String peerName, X509Certificate signing, String objectId) {
        follow(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Federation")));

        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Federation").setLevel(1))).isVisible();
        Locator row = page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(peerName)).first();
        assertThat(row).containsText("failing");
        assertThat(row).containsText("2 h");
        assertThat(row).containsText("42");
        assertThat(row).containsText("connection refused");
        Locator certificates = page.locator("section").filter(new Locator.FilterOptions().setHas(
                page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Certificates"))));
        Locator cert = certificates.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("peer " + peerName + ": signing"));
        assertThat(cert).containsText(signing.getSubjectX500Principal().getName());
        assertThat(cert).containsText(String.valueOf(signing.getNotAfter().toInstant().atZone(java.time.ZoneOffset.UTC).getYear()));
        Locator quarantine = page.locator("section").filter(new Locator.FilterOptions().setHas(
                page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Quarantine"))));
        assertThat(quarantine).containsText(objectId);
        assertThat(quarantine).containsText("BAD_SIGNATURE");
        assertThat(page.getByRole(AriaRole.MAIN)).not().containsText("not shown");
        screenshot("17-federation");
    }

    @Test
    void anAnalystIsRefusedTheFederationPageAndSeesNoLinkToIt() {
        User analyst = user(organisation(Tier.MEMBER), "analyst");
        signIn(analyst);

        assertThat(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Federation"))).hasCount(0);
        int status = page.navigate(base() + "/console/federation").status();
        assertThat(status).isEqualTo(403);
    }
}
