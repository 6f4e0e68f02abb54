package org.entente.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.entente.stix.StixJson;
import org.junit.jupiter.api.Test;

/** Values are recognised as the SCOs they denote; bad input is refused by its JSON pointer. */
class CorrelationSubmissionTest {

    static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void valuesBecomeTheirCyberObservablesWithDeterministicIds() {
        assertThat(ObservedValue.infer("198.51.100.7").orElseThrow().type()).isEqualTo("ipv4-addr");
        assertThat(ObservedValue.infer("2001:db8::1").orElseThrow().type()).isEqualTo("ipv6-addr");
        assertThat(ObservedValue.infer("Evil.Example.").orElseThrow()).isEqualTo(new ObservedValue("domain-name", "evil.example", null));
        assertThat(ObservedValue.infer("https://evil.example/x?y=1").orElseThrow().type()).isEqualTo("url");
        assertThat(ObservedValue.infer("a@b.example").orElseThrow().type()).isEqualTo("email-addr");
        assertThat(ObservedValue.infer("4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877").orElseThrow().hashAlgorithm())
                .isEqualTo("SHA-256");
        assertThat(ObservedValue.infer("d41d8cd98f00b204e9800998ecf8427e").orElseThrow().hashAlgorithm()).isEqualTo("MD5");
        assertThat(ObservedValue.infer("not a value")).isEmpty();
        assertThat(ObservedValue.infer("999.1.1.1")).isEmpty();
        assertThat(ObservedValue.infer("abcd")).isEmpty();
        // The specification's own example (section 4.14): example.com
        assertThat(ObservedValue.infer("example.com").orElseThrow().sco().path("id").stringValue())
                .isEqualTo("domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7");
    }

    @Test
    void aValueListIsOneObservationPerValue() {
        Submission s = Submission.ofValues(StixJson.MAPPER.readTree("""
                {"values": ["198.51.100.7", "evil.example", "198.51.100.7"], "observed_at": "2025-06-26T08:00:00Z"}"""), NOW);

        assertThat(s.observations()).hasSize(2);
        assertThat(s.observations().getFirst().firstObserved()).isEqualTo(Instant.parse("2025-06-26T08:00:00Z"));
        assertThat(s.objects()).extracting(o -> o.path("type").stringValue())
                .containsExactly("ipv4-addr", "domain-name", "observed-data", "observed-data");
    }

    @Test
    void aBadValueIsNamedByItsPointer() {
        assertThatThrownBy(() -> Submission.ofValues(StixJson.MAPPER.readTree("""
                {"values": ["198.51.100.7", "evil.example", "x", "no such thing"]}"""), NOW))
                .hasMessage("/values/2: not an IP, domain, URL, e-mail or hash");
        assertThatThrownBy(() -> Submission.ofValues(StixJson.MAPPER.readTree("""
                {"values": ["198.51.100.7"], "observed_at": "yesterday"}"""), NOW))
                .isInstanceOf(InvalidSubmission.class).extracting(e -> ((InvalidSubmission) e).pointer()).isEqualTo("/observed_at");
    }

    @Test
    void aBundleGivesOneObservationPerObservedDataAndWrapsBareObservables() {
        Submission s = Submission.ofBundle(StixJson.MAPPER.readTree("""
                {"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[
                 {"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd","value":"198.51.100.3"},
                 {"type":"domain-name","spec_version":"2.1","id":"domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7","value":"example.com"},
                 {"type":"observed-data","spec_version":"2.1","id":"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",
                  "created":"2016-04-06T19:58:16.000Z","modified":"2016-04-06T19:58:16.000Z",
                  "first_observed":"2015-12-21T19:00:00Z","last_observed":"2015-12-21T19:00:00Z","number_observed":50,
                  "object_refs":["ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd"]}]}"""), NOW);

        assertThat(s.observations()).hasSize(2);
        assertThat(s.observations().getFirst().numberObserved()).isEqualTo(50);
        assertThat(s.observations().getFirst().objects()).containsKey("ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd");
        assertThat(s.objects()).hasSize(4);
    }

    @Test
    void aBundleWithOtherIntelligenceOrInvalidObjectsIsRefusedByPointer() {
        assertThatThrownBy(() -> Submission.ofBundle(StixJson.MAPPER.readTree("""
                {"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[
                 {"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd","value":"198.51.100.3"},
                 {"type":"malware","spec_version":"2.1","id":"malware--b67d30ff-02ac-498a-92f9-32f845f448cf"}]}"""), NOW))
                .hasMessageStartingWith("/objects/1/type: only observed-data");
        assertThatThrownBy(() -> Submission.ofBundle(StixJson.MAPPER.readTree("""
                {"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[
                 {"type":"observed-data","spec_version":"2.1","id":"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",
                  "created":"2016-04-06T19:58:16.000Z","modified":"2016-04-06T19:58:16.000Z",
                  "first_observed":"2015-12-21T19:00:00Z","last_observed":"2015-12-21T19:00:00Z","number_observed":1,
                  "object_refs":["ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd"]}]}"""), NOW))
                .hasMessage("/objects/0/object_refs/0: refers to ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd, which is not in the submission");
    }
}
