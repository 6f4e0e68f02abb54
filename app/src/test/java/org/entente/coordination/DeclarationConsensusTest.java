package org.entente.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.coordination.Declaration.Decision.ENDORSE;
import static org.entente.coordination.Declaration.Decision.WITHHOLD;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.entente.community.Tier;
import org.entente.stix.StixJson;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The joint declaration of the 22nd meeting of defence ministers (Qingdao, 2025-06-26): India withheld
 * its endorsement because the text lacked an explicit reference to cross-border terrorism, so there was
 * no consensus and no adopted declaration. Participants by id: 1 China (chair), 2 Russia, 3 India,
 * 4 Pakistan, 5 Kazakhstan (members), 6 Mongolia (observer), 7 Türkiye (dialogue partner).
 */
class DeclarationConsensusTest {

    static final long CHINA = 1, RUSSIA = 2, INDIA = 3, PAKISTAN = 4, KAZAKHSTAN = 5, MONGOLIA = 6;
    static final Set<Long> MEMBERS = Set.of(CHINA, RUSSIA, INDIA, PAKISTAN, KAZAKHSTAN);

    static Declaration circulatedVersion2() {
        Declaration d = new Declaration.Drafting(0);
        d = d.revise().orThrow();
        d = d.revise().orThrow();
        return d.circulate(MEMBERS).orThrow();
    }

    static Declaration endorse(Declaration d, long member, int version) {
        return d.decide(member, Tier.MEMBER, version, ENDORSE, null).orThrow();
    }

    @Test
    void qingdao2025IndiaWithholdsSoTheDeclarationIsNotAdoptedAndTheChairIssuesAStatement() {
        Declaration d = circulatedVersion2();
        for (long m : List.of(CHINA, RUSSIA, PAKISTAN, KAZAKHSTAN)) {
            d = endorse(d, m, 2);
        }
        d = d.decide(INDIA, Tier.MEMBER, 2, WITHHOLD, "no explicit reference to cross-border terrorism").orThrow();
        assertThat(d).isInstanceOf(Declaration.Circulating.class);
        assertThat(((Declaration.Circulating) d).withheldBy()).containsExactly(INDIA);

        assertThat(d.closeCirculation(false)).isEqualTo(new Declaration.Outcome.Rejected("only the chair closes a circulation"));
        d = d.closeCirculation(true).orThrow();
        assertThat(d).isEqualTo(new Declaration.NotAdopted(2, MEMBERS, Set.of(INDIA)));

        Declaration statement = d.issueChairStatement(true, "The chair notes broad agreement on counter-terrorism cooperation.").orThrow();
        assertThat(statement).isInstanceOf(Declaration.ChairStatement.class).isNotInstanceOf(Declaration.Adopted.class);
        assertThat(statement.code()).isEqualTo("chair-statement");
        assertThat(statement.revise()).isInstanceOf(Declaration.Outcome.Rejected.class);
        assertThat(statement.decide(INDIA, Tier.MEMBER, 2, ENDORSE, null)).isInstanceOf(Declaration.Outcome.Rejected.class);
    }

    @Test
    void everyFullMemberEndorsingTheSameVersionAdoptsIt() {
        Declaration d = circulatedVersion2();
        for (long m : List.of(CHINA, RUSSIA, INDIA, PAKISTAN)) {
            d = endorse(d, m, 2);
            assertThat(d).isInstanceOf(Declaration.Circulating.class);
        }
        d = endorse(d, KAZAKHSTAN, 2);
        assertThat(d).isEqualTo(new Declaration.Adopted(2, MEMBERS));
        assertThat(d.issueChairStatement(true, "x")).isEqualTo(new Declaration.Outcome.Rejected(
                "the declaration was adopted by consensus; there is no chair's statement to issue"));
        assertThat(d.revise()).isInstanceOf(Declaration.Outcome.Rejected.class);
    }

    @Test
    void aNewRevisionResetsEndorsements() {
        Declaration d = circulatedVersion2();
        for (long m : List.of(CHINA, RUSSIA, INDIA, PAKISTAN)) {
            d = endorse(d, m, 2);
        }
        d = d.revise().orThrow(); // India's wording on cross-border terrorism goes in: version 3
        assertThat(d).isEqualTo(new Declaration.Drafting(3));
        d = d.circulate(MEMBERS).orThrow();
        assertThat(d.decide(KAZAKHSTAN, Tier.MEMBER, 2, ENDORSE, null))
                .isEqualTo(new Declaration.Outcome.Rejected("version 3 is circulating, not version 2"));
        d = endorse(d, KAZAKHSTAN, 3);
        assertThat(d).isInstanceOf(Declaration.Circulating.class);
        assertThat(((Declaration.Circulating) d).awaiting()).containsExactlyInAnyOrder(CHINA, RUSSIA, INDIA, PAKISTAN);
    }

    @Test
    void observersAndDialoguePartnersSupportButNeverCountOrBlock() {
        Declaration d = circulatedVersion2();
        assertThat(d.decide(MONGOLIA, Tier.OBSERVER, 2, WITHHOLD, "we object")).isEqualTo(new Declaration.Outcome.Rejected(
                "only full members endorse or withhold; a observer may support the declaration instead"));
        assertThat(d.decide(7, Tier.DIALOGUE_PARTNER, 2, ENDORSE, null)).isInstanceOf(Declaration.Outcome.Rejected.class);
        assertThat(d.support(Tier.OBSERVER, 2)).isEqualTo(new Declaration.Outcome.Allowed(d));
        assertThat(d.support(Tier.DIALOGUE_PARTNER, 2)).isEqualTo(new Declaration.Outcome.Allowed(d));
        assertThat(d.support(Tier.MEMBER, 2)).isInstanceOf(Declaration.Outcome.Rejected.class);
        for (long m : MEMBERS) {
            d = endorse(d, m, 2);
        }
        assertThat(d).isInstanceOf(Declaration.Adopted.class);
    }

    @Test
    void everyIllegalDeclarationStepIsRejectedWithAReason() {
        Declaration empty = new Declaration.Drafting(0);
        assertThat(empty.circulate(MEMBERS)).isEqualTo(new Declaration.Outcome.Rejected("there is no text to circulate yet"));
        assertThat(new Declaration.Drafting(1).circulate(Set.of())).isInstanceOf(Declaration.Outcome.Rejected.class);
        assertThat(new Declaration.Drafting(1).decide(CHINA, Tier.MEMBER, 1, ENDORSE, null)).isEqualTo(new Declaration.Outcome.Rejected(
                "only a circulating declaration can be endorsed or withheld; this one is drafting"));
        assertThat(new Declaration.Drafting(1).closeCirculation(true)).isInstanceOf(Declaration.Outcome.Rejected.class);
        assertThat(new Declaration.Drafting(1).issueChairStatement(true, "x")).isInstanceOf(Declaration.Outcome.Rejected.class);
        Declaration c = circulatedVersion2();
        assertThat(c.circulate(MEMBERS)).isEqualTo(new Declaration.Outcome.Rejected("version 2 is circulating already"));
        assertThat(c.decide(99, Tier.MEMBER, 2, ENDORSE, null)).isEqualTo(new Declaration.Outcome.Rejected(
                "the participant is not among the full members this declaration was circulated to"));
        assertThat(c.decide(INDIA, Tier.MEMBER, 2, WITHHOLD, "")).isEqualTo(new Declaration.Outcome.Rejected("withholding needs a reason"));
        assertThat(c.issueChairStatement(true, "x")).isInstanceOf(Declaration.Outcome.Rejected.class);
        Declaration failed = c.closeCirculation(true).orThrow();
        assertThat(failed.issueChairStatement(false, "x")).isEqualTo(new Declaration.Outcome.Rejected("only the chair issues a chair's statement"));
        assertThat(failed.decide(INDIA, Tier.MEMBER, 2, ENDORSE, null)).isInstanceOf(Declaration.Outcome.Rejected.class);
        assertThat(failed.revise().orThrow()).isEqualTo(new Declaration.Drafting(3));
    }

    // --- signatures and the offline document ---

    record Member(String name, KeyPair keys) {
        String kid() {
            return EndorsementSignatures.keyId(keys.getPublic());
        }
    }

    static Member member(String name) {
        try {
            return new Member(name, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String ID = "5b1f8a1e-0000-4000-8000-000000000001";
    static final String TEXT = "The ministers condemn terrorism in all its forms, including cross-border terrorism.";

    static String sign(Member signer, String asParticipant, int version, String text, String decision) {
        return EndorsementSignatures.sign(signer.keys().getPrivate(), signer.kid(), asParticipant,
                EndorsementSignatures.payload(ID, version, EndorsementSignatures.sha256Hex(text), asParticipant, decision));
    }

    static ObjectNode document(List<Member> members, Map<String, String> jwsByMember) {
        ObjectNode doc = StixJson.MAPPER.createObjectNode();
        doc.put("format", DeclarationDocument.FORMAT);
        doc.put("declaration", ID);
        doc.put("title", "Qingdao joint declaration");
        doc.put("state", "adopted");
        doc.put("version", 2);
        doc.put("text", TEXT);
        doc.put("text_sha256", EndorsementSignatures.sha256Hex(TEXT));
        ArrayNode names = doc.putArray("members");
        ArrayNode endorsements = doc.putArray("endorsements");
        ArrayNode keys = doc.putArray("keys");
        for (Member m : members) {
            names.add(m.name());
            ObjectNode e = endorsements.addObject();
            e.put("participant", m.name());
            e.put("decision", "endorse");
            e.put("jws", jwsByMember.getOrDefault(m.name(), sign(m, m.name(), 2, TEXT, "endorse")));
            ObjectNode k = keys.addObject();
            k.put("key_id", m.kid());
            k.put("participant", m.name());
            k.put("algorithm", "Ed25519");
            k.put("public_key", EndorsementSignatures.encodePublicKey(m.keys().getPublic()));
        }
        doc.putArray("support").addObject().put("participant", "Mongolia").put("tier", "observer");
        return doc;
    }

    static final List<Member> QINGDAO = List.of(member("China"), member("Russia"), member("India"), member("Pakistan"), member("Kazakhstan"));

    @Test
    void theAdoptedDocumentVerifies() {
        DeclarationDocument.Report report = DeclarationDocument.verify(document(QINGDAO, Map.of()));
        assertThat(report.valid()).as(report.toString()).isTrue();
        assertThat(report.verdict()).startsWith("VALID").contains("all 5 full members").contains("5 signatures verified");
        assertThat(report.findings()).anyMatch(f -> f.contains("Mongolia") && f.contains("does not count"));
    }

    @Test
    void anAlteredTextFailsEverySignature() {
        ObjectNode doc = document(QINGDAO, Map.of());
        doc.put("text", TEXT.replace(", including cross-border terrorism", ""));
        DeclarationDocument.Report report = DeclarationDocument.verify(doc);
        assertThat(report.valid()).isFalse();
        assertThat(report.findings()).anyMatch(f -> f.startsWith("the text was altered"));
        assertThat(report.findings()).anyMatch(f -> f.startsWith("member India: invalid signature"));
        // Re-computing the hash in the document does not help: the members signed the original text's hash.
        doc.put("text_sha256", EndorsementSignatures.sha256Hex(doc.path("text").asString()));
        assertThat(DeclarationDocument.verify(doc).findings()).hasSize(QINGDAO.size() + 1)
                .allMatch(f -> f.contains("invalid signature") || f.contains("Mongolia"));
    }

    @Test
    void aSignatureWithAnotherMembersKeyIsAForgery() {
        Member russia = QINGDAO.get(1);
        ObjectNode doc = document(QINGDAO, Map.of("India", sign(russia, "India", 2, TEXT, "endorse")));
        DeclarationDocument.Report report = DeclarationDocument.verify(doc);
        assertThat(report.valid()).isFalse();
        assertThat(report.findings()).contains("member India: signed with Russia's key, not its own");
    }

    @Test
    void anEndorsementReplayedFromAnotherVersionOrDecisionFails() {
        Member india = QINGDAO.get(2);
        DeclarationDocument.Report otherVersion = DeclarationDocument.verify(document(QINGDAO, Map.of("India", sign(india, "India", 1, TEXT, "endorse"))));
        assertThat(otherVersion.valid()).isFalse();
        assertThat(otherVersion.findings()).anyMatch(f -> f.startsWith("member India: invalid signature: the signature does not match"));

        DeclarationDocument.Report withheld = DeclarationDocument.verify(document(QINGDAO, Map.of("India", sign(india, "India", 2, TEXT, "withhold"))));
        assertThat(withheld.valid()).isFalse();
        assertThat(withheld.findings()).anyMatch(f -> f.startsWith("member India"));
    }

    @Test
    void aMissingMemberOrAnUnknownKeyFails() {
        ObjectNode doc = document(QINGDAO, Map.of());
        List<JsonNode> kept = new ArrayList<>();
        doc.path("endorsements").forEach(e -> {
            if (!e.path("participant").asString().equals("Pakistan")) {
                kept.add(e);
            }
        });
        ArrayNode endorsements = doc.putArray("endorsements");
        kept.forEach(endorsements::add);
        assertThat(DeclarationDocument.verify(doc).findings()).contains("member Pakistan: no endorsement");

        Member stranger = member("Stranger");
        DeclarationDocument.Report unknown = DeclarationDocument.verify(document(QINGDAO, Map.of("China", sign(stranger, "China", 2, TEXT, "endorse"))));
        assertThat(unknown.findings()).contains("member China: signature by a key the document does not contain");
    }

    @Test
    void supportListedInTheDocumentNeverChangesTheVerdict() {
        ObjectNode doc = document(QINGDAO, Map.of());
        Map<String, Object> before = new LinkedHashMap<>(Map.of("valid", DeclarationDocument.verify(doc).valid()));
        ((ArrayNode) doc.path("support")).addObject().put("participant", "Türkiye").put("tier", "dialogue-partner");
        assertThat(DeclarationDocument.verify(doc).valid()).isEqualTo(before.get("valid")).isEqualTo(true);
    }
}
