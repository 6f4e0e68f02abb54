package org.entente.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.entente.federation.ProvenanceResult.Reason;
import org.entente.federation.ProvenanceResult.Rejected;
import org.entente.federation.ProvenanceResult.Verified;
import org.entente.federation.trust.Pem;
import org.entente.stix.StixJson;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Provenance signatures over real STIX objects: round trip, tampering, wrong keys, relays, hostile JWS. */
class ProvenanceSignatureTest {

    static final CommunityCa CA = TrustTestSupport.newCa("Alliance");
    static final NodeCredentials ALPHA = TrustTestSupport.load(TrustTestSupport.issue(CA, "alpha"));
    static final NodeCredentials BRAVO = TrustTestSupport.load(TrustTestSupport.issue(CA, "bravo"));
    static final ParticipantKeys KEYS = keys(ALPHA, BRAVO);

    static ParticipantKeys keys(NodeCredentials... nodes) {
        try {
            List<java.security.cert.X509Certificate> certs = new ArrayList<>();
            for (NodeCredentials n : nodes) {
                certs.add(n.signer().certificate());
            }
            return ParticipantKeys.of(CommunityTrust.ca(CA.certificate()), certs);
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String INDICATOR = """
            {"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
             "created":"2016-04-06T20:03:48.000Z","modified":"2016-04-06T20:03:48.000Z","name":"Poison Ivy Malware",
             "pattern":"[file:hashes.'SHA-256' = 'ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c']",
             "pattern_type":"stix","valid_from":"2016-01-01T00:00:00Z","confidence":85,"x_score":1.10,
             "labels":["malicious-activity"],"external_references":[{"source_name":"x","description":"caf\\u00e9 \\ud83d\\ude00"}]}""";

    /** Every object of the official STIX 2.1 examples in ../shared, when present. */
    static List<JsonNode> sharedExamples() throws Exception {
        Path dir = Path.of("..", "..", "shared", "stix", "examples");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("/work/shared/stix/examples");
        }
        assumeTrue(Files.isDirectory(dir), "the shared STIX examples are not here");
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode bundle = StixJson.MAPPER.readTree(f.toFile());
                bundle.get("objects").forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void everyObjectOfTheStixExamplesSignsAndVerifies() throws Exception {
        List<JsonNode> objects = sharedExamples();
        assertThat(objects).hasSizeGreaterThan(50);
        for (JsonNode object : objects) {
            String text = StixJson.MAPPER.writeValueAsString(object);
            String jws = ALPHA.signer().sign(text);
            assertThat(jws).matches("[A-Za-z0-9_-]+\\.\\.[A-Za-z0-9_-]+");
            assertThat(ProvenanceVerifier.verify(text, jws, KEYS))
                    .as(object.get("id").stringValue())
                    .isEqualTo(new Verified("alpha", ALPHA.signer().keyId()));
        }
    }

    @Test
    void signaturesAreTheJdkProvidersBytesAndVerifyBothWays() throws Exception {
        // Ed25519 is deterministic: the BouncyCastle arithmetic (Ed25519Keys) must give exactly the JDK's
        // signature, verifiable by the JDK, and accept what the JDK signs; nothing changes on the wire.
        Path dir = TrustTestSupport.issue(CA, "charlie");
        java.security.PrivateKey key = Pem.readPrivateKey(dir.resolve("signing.key"));
        NodeCredentials charlie = TrustTestSupport.load(dir);
        ParticipantKeys keys = keys(charlie);
        for (String text : List.of(INDICATOR, "{}", "{\"x\":\"" + "y".repeat(5000) + "\"}")) {
            String jws = charlie.signer().sign(text);
            String encodedHeader = jws.substring(0, jws.indexOf('.'));
            byte[] input = org.entente.federation.trust.DetachedJws.signingInput(encodedHeader,
                    org.entente.federation.trust.DetachedJws.payload(text));
            java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
            jdk.initSign(key);
            jdk.update(input);
            byte[] expected = jdk.sign();
            assertThat(jws).isEqualTo(org.entente.federation.trust.DetachedJws.compact(encodedHeader, expected));
            jdk.initVerify(charlie.signer().certificate().getPublicKey());
            jdk.update(input);
            assertThat(jdk.verify(Base64.getUrlDecoder().decode(jws.substring(jws.lastIndexOf('.') + 1)))).isTrue();
            assertThat(ProvenanceVerifier.verify(text, jws, keys)).isInstanceOf(Verified.class);
            // One bit off anywhere in the signature: rejected by the verifier as by the JDK.
            byte[] flipped = expected.clone();
            flipped[17] ^= 0x04;
            assertThat(ProvenanceVerifier.verify(text, org.entente.federation.trust.DetachedJws.compact(encodedHeader, flipped), keys))
                    .isInstanceOf(Rejected.class).extracting(r -> ((Rejected) r).reason()).isEqualTo(Reason.BAD_SIGNATURE);
        }
    }

    @Test
    void theHeaderIsEdDsaWithTheCertificateFingerprintAndTheParticipant() {
        String jws = ALPHA.signer().sign(INDICATOR);
        JsonNode header = StixJson.MAPPER.readTree(Base64.getUrlDecoder().decode(jws.substring(0, jws.indexOf('.'))));
        assertThat(header.get("alg").stringValue()).isEqualTo("EdDSA");
        assertThat(header.get("kid").stringValue()).isEqualTo(Fingerprints.sha256(ALPHA.signer().certificate()));
        assertThat(header.get("entente-participant").stringValue()).isEqualTo("alpha");
    }

    @Test
    void reorderingAndWhiteSpaceDoNotMatterButAnyChangedPropertyDoes() {
        String jws = ALPHA.signer().sign(INDICATOR);
        JsonNode original = StixJson.MAPPER.readTree(INDICATOR);
        // Same content, members in reverse order, different white space and escapes.
        StringBuilder reordered = new StringBuilder("{\n");
        List<String> names = new ArrayList<>(original.propertyNames());
        java.util.Collections.reverse(names);
        for (int i = 0; i < names.size(); i++) {
            reordered.append("  ").append(StixJson.MAPPER.writeValueAsString(names.get(i))).append(" : ")
                    .append(StixJson.MAPPER.writeValueAsString(original.get(names.get(i)))).append(i + 1 < names.size() ? ",\n" : "\n");
        }
        reordered.append("}");
        assertThat(ProvenanceVerifier.verify(reordered.toString(), jws, KEYS)).isInstanceOf(Verified.class);

        ObjectNode changed = (ObjectNode) original.deepCopy();
        changed.put("confidence", 86);
        assertThat(ProvenanceVerifier.verify(StixJson.MAPPER.writeValueAsString(changed), jws, KEYS))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(Reason.BAD_SIGNATURE));
        ObjectNode added = (ObjectNode) original.deepCopy();
        added.put("x_note", "added by a relay");
        assertThat(ProvenanceVerifier.verify(StixJson.MAPPER.writeValueAsString(added), jws, KEYS))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(Reason.BAD_SIGNATURE));
        ObjectNode newVersion = (ObjectNode) original.deepCopy();
        newVersion.put("modified", "2016-04-06T20:03:48.001Z");
        assertThat(ProvenanceVerifier.verify(StixJson.MAPPER.writeValueAsString(newVersion), jws, KEYS))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    }

    @Test
    void aRelayedObjectVerifiesAgainstTheOriginatorNotTheRelay() {
        String jws = ALPHA.signer().sign(INDICATOR);
        // bravo relays alpha's object with alpha's signature: charlie checks it against alpha's key.
        assertThat(ProvenanceVerifier.verify(INDICATOR, jws, KEYS, "alpha"))
                .isEqualTo(new Verified("alpha", ALPHA.signer().keyId()));
        // The relay cannot pass its own signature off as the originator's...
        String relaySigned = BRAVO.signer().sign(INDICATOR);
        assertThat(ProvenanceVerifier.verify(INDICATOR, relaySigned, KEYS, "alpha"))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(Reason.PARTICIPANT_MISMATCH));
        // ...nor claim to be alpha in the header while signing with its own key.
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"alg\":\"EdDSA\",\"kid\":\"" + BRAVO.signer().keyId() + "\",\"entente-participant\":\"alpha\"}")
                        .getBytes(StandardCharsets.UTF_8));
        String forged = header + relaySigned.substring(relaySigned.indexOf('.'));
        assertThat(ProvenanceVerifier.verify(INDICATOR, forged, KEYS))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isIn(Reason.BAD_SIGNATURE, Reason.PARTICIPANT_MISMATCH));
        // Without alpha's key, alpha's signature is not verifiable at all, however trusted the relay is.
        assertThat(ProvenanceVerifier.verify(INDICATOR, jws, keys(BRAVO)))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(Reason.UNKNOWN_KEY));
    }

    @Test
    void aKeyFromAnotherCommunityIsNeitherAcceptedNorUsable() {
        CommunityCa other = TrustTestSupport.newCa("Elsewhere");
        NodeCredentials impostor = TrustTestSupport.load(TrustTestSupport.issue(other, "alpha"));
        assertThatThrownBy(() -> KEYS.with(impostor.signer().certificate()))
                .isInstanceOf(CertificateException.class).hasMessageContaining("not issued by the community CA");
        assertThat(ProvenanceVerifier.verify(INDICATOR, impostor.signer().sign(INDICATOR), KEYS))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(Reason.UNKNOWN_KEY));
    }

    @Test
    void aTlsCertificateIsNotASigningCertificateAndExpiredOnesAreRefused() {
        assertThatThrownBy(() -> KEYS.with(ALPHA.tlsCertificate())).isInstanceOf(CertificateException.class)
                .hasMessageContaining("Ed25519");
        Path expired = TrustTestSupport.issueExpired(CA, "delta");
        assertThatThrownBy(() -> KEYS.with(Pem.readCertificate(expired.resolve("signing.crt"))))
                .isInstanceOf(CertificateException.class).hasMessageContaining("not valid");
    }

    @Test
    void hostileSignaturesAreRejectedWithTheirReason() {
        String jws = ALPHA.signer().sign(INDICATOR);
        String signature = jws.substring(jws.lastIndexOf('.') + 1);
        String kid = ALPHA.signer().keyId();
        record Case(String jws, Reason reason) {
        }
        List<Case> cases = List.of(
                new Case(b64("{\"alg\":\"none\",\"kid\":\"" + kid + "\",\"entente-participant\":\"alpha\"}") + "..", Reason.MALFORMED_JWS),
                new Case(b64("{\"alg\":\"none\",\"kid\":\"" + kid + "\",\"entente-participant\":\"alpha\"}") + ".." + signature,
                        Reason.UNSUPPORTED_ALGORITHM),
                new Case(b64("{\"alg\":\"HS256\",\"kid\":\"" + kid + "\",\"entente-participant\":\"alpha\"}") + ".." + signature,
                        Reason.UNSUPPORTED_ALGORITHM),
                new Case(b64("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\",\"entente-participant\":\"alpha\",\"crit\":[\"b64\"],\"b64\":false}")
                        + ".." + signature, Reason.UNSUPPORTED_ALGORITHM),
                new Case(b64("{\"alg\":\"EdDSA\",\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\",\"entente-participant\":\"alpha\"}") + ".."
                        + signature, Reason.MALFORMED_JWS),
                new Case(b64("{\"alg\":\"EdDSA\",\"entente-participant\":\"alpha\"}") + ".." + signature, Reason.MALFORMED_JWS),
                new Case(jws.substring(0, jws.indexOf('.')) + "." + b64(INDICATOR) + "." + signature, Reason.MALFORMED_JWS),
                new Case(jws + "=", Reason.MALFORMED_JWS),
                new Case("not a jws", Reason.MALFORMED_JWS),
                new Case("", Reason.MALFORMED_JWS),
                new Case(b64("[1,2]") + ".." + signature, Reason.MALFORMED_JWS),
                new Case(jws.substring(0, jws.lastIndexOf('.') + 1) + signature.substring(4), Reason.BAD_SIGNATURE),
                new Case(jws.substring(0, jws.lastIndexOf('.') + 1) + (signature.charAt(0) == 'A' ? 'B' : 'A') + signature.substring(1),
                        Reason.BAD_SIGNATURE));
        for (Case c : cases) {
            assertThat(ProvenanceVerifier.verify(INDICATOR, c.jws(), KEYS)).as(c.jws())
                    .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(c.reason()));
        }
        assertThat(ProvenanceVerifier.verify(null, jws, KEYS)).isInstanceOf(Rejected.class);
        assertThat(ProvenanceVerifier.verify("[1]", jws, KEYS))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(Reason.MALFORMED_OBJECT));
        assertThat(ProvenanceVerifier.verify("{\"a\":1,\"a\":1}", jws, KEYS))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(Reason.MALFORMED_OBJECT));
    }

    @Test
    void pinnedTrustAcceptsExactlyThePinnedSigningCertificates() throws Exception {
        CommunityTrust pinned = CommunityTrust.pinned(List.of(ALPHA.signer().certificate()));
        ParticipantKeys keys = ParticipantKeys.of(pinned, List.of(ALPHA.signer().certificate()));
        assertThat(ProvenanceVerifier.verify(INDICATOR, ALPHA.signer().sign(INDICATOR), keys)).isInstanceOf(Verified.class);
        assertThatThrownBy(() -> keys.with(BRAVO.signer().certificate())).hasMessageContaining("not pinned");
    }

    @Test
    void malformedPemIsACertificateExceptionNamingTheFile() throws Exception {
        Path dir = TrustTestSupport.freshDir("pem-");
        Path damaged = dir.resolve("damaged.crt");
        Files.writeString(damaged, "-----BEGIN CERTIFICATE-----\nMIIB!!!notbase64\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> Pem.readCertificates(damaged)).isInstanceOf(CertificateException.class)
                .hasMessageContaining("damaged.crt");
        Path garbage = dir.resolve("garbage.crt");
        Files.writeString(garbage, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> Pem.readCertificates(garbage)).isInstanceOf(CertificateException.class)
                .hasMessageContaining("not a valid X.509 certificate");
        Path empty = dir.resolve("empty.crt");
        Files.writeString(empty, "hello");
        assertThatThrownBy(() -> Pem.readCertificates(empty)).isInstanceOf(CertificateException.class);
        Path key = dir.resolve("bad.key");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> Pem.readPrivateKey(key)).isInstanceOf(CertificateException.class)
                .hasMessageContaining("bad.key");
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
