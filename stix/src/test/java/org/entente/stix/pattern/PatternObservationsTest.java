package org.entente.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.entente.stix.StixJson;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** {@link Observations}: bundles and loose objects into observations, and errors that point at the fault. */
class PatternObservationsTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    private static JsonNode json(String text) {
        return StixJson.MAPPER.readTree(text.replace('`', '"'));
    }

    private static final String OBJECT_REFS = """
            {`type`: `bundle`, `id`: `bundle--1`, `objects`: [
              {`type`: `observed-data`, `spec_version`: `2.1`, `id`: `observed-data--1`, `created`: `2024-01-01T00:00:00Z`,
               `modified`: `2024-01-01T00:00:00Z`, `first_observed`: `2024-01-01T00:00:00Z`, `last_observed`: `2024-01-01T00:10:00Z`,
               `number_observed`: 3, `object_refs`: [`network-traffic--1`, `ipv4-addr--1`, `relationship--1`]},
              {`type`: `network-traffic`, `id`: `network-traffic--1`, `dst_ref`: `ipv4-addr--1`, `protocols`: [`tcp`]},
              {`type`: `ipv4-addr`, `id`: `ipv4-addr--1`, `value`: `198.51.100.7`},
              {`type`: `ipv4-addr`, `id`: `ipv4-addr--2`, `value`: `203.0.113.9`},
              {`type`: `relationship`, `id`: `relationship--1`, `created`: `2024-01-01T00:00:00Z`},
              {`type`: `indicator`, `id`: `indicator--1`, `created`: `2024-01-01T00:00:00Z`, `pattern`: `[ipv4-addr:value = '1.1.1.1']`}
            ]}""";

    @Test
    void observedDataWithObjectRefsResolvesScosOfTheBundleAndBareScosBecomeTheirOwnObservation() {
        List<Observation> observations = Observations.fromBundle(json(OBJECT_REFS), NOW);
        assertThat(observations).extracting(Observation::id).containsExactly("observed-data--1", "ipv4-addr--2");
        Observation od = observations.getFirst();
        assertThat(od.numberObserved()).isEqualTo(3);
        assertThat(od.firstObserved()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(od.lastObserved()).isEqualTo(Instant.parse("2024-01-01T00:10:00Z"));
        assertThat(od.objects()).containsOnlyKeys("network-traffic--1", "ipv4-addr--1");
        Observation bare = observations.get(1);
        assertThat(bare.firstObserved()).isEqualTo(NOW).isEqualTo(bare.lastObserved());
        assertThat(bare.numberObserved()).isEqualTo(1);

        assertThat(PatternMatcher.match(PatternParser.parse("[network-traffic:dst_ref.value = '198.51.100.7']"), observations)
                .observationIds()).containsExactly("observed-data--1");
        assertThat(PatternMatcher.match(PatternParser.parse("[ipv4-addr:value = '203.0.113.9']"), observations)
                .observationIds()).containsExactly("ipv4-addr--2");
    }

    @Test
    void deprecatedObjectsDictionaryIsKeyedByItsKeys() {
        JsonNode od = json("""
                {`type`: `observed-data`, `id`: `observed-data--2`, `created`: `2024-01-01T00:00:00Z`,
                 `first_observed`: `2019-10-20T00:12:01.000000Z`, `last_observed`: `2019-10-20T00:51:02.000000Z`, `number_observed`: 1,
                 `objects`: {`0`: {`type`: `network-traffic`, `src_ref`: `1`}, `1`: {`type`: `ipv4-addr`, `value`: `203.0.113.10`}}}""");
        List<Observation> observations = Observations.fromObjects(List.of(od), NOW);
        assertThat(observations).hasSize(1);
        assertThat(observations.getFirst().objects()).containsOnlyKeys("0", "1");
        assertThat(PatternMatcher.match(PatternParser.parse("[network-traffic:src_ref.value = '203.0.113.10']"), observations).matched())
                .isTrue();
    }

    @Test
    void bareScosCarryWhatTheyReferenceSoRefsCanBeFollowed() {
        JsonNode bundle = json("""
                {`type`: `bundle`, `id`: `bundle--2`, `objects`: [
                  {`type`: `email-message`, `id`: `email-message--1`, `is_multipart`: false, `from_ref`: `email-addr--1`},
                  {`type`: `email-addr`, `id`: `email-addr--1`, `value`: `jdoe@example.com`}]}""");
        List<Observation> observations = Observations.fromBundle(bundle, NOW);
        assertThat(observations).extracting(Observation::id).containsExactly("email-message--1", "email-addr--1");
        assertThat(observations.getFirst().objects()).containsOnlyKeys("email-message--1", "email-addr--1");
        assertThat(PatternMatcher.match(PatternParser.parse("[email-message:from_ref.value = 'jdoe@example.com']"), observations)
                .observationIds()).containsExactly("email-message--1");
    }

    @Test
    void errorsNameThePointerAndTheObject() {
        assertThatThrownBy(() -> Observations.fromBundle(json("{`type`: `report`}"), NOW)).hasMessageContaining("not a STIX bundle");
        assertThatThrownBy(() -> Observations.fromBundle(json("{`type`: `bundle`, `objects`: {}}"), NOW))
                .hasMessageStartingWith("/objects: must be a list");
        assertThatThrownBy(() -> Observations.fromBundle(json(OBJECT_REFS.replace("`number_observed`: 3", "`number_observed`: 0")), NOW))
                .hasMessageStartingWith("/objects/0/number_observed (observed-data--1): must be an integer from 1");
        assertThatThrownBy(() -> Observations.fromBundle(json(OBJECT_REFS.replace("`first_observed`: `2024-01-01T00:00:00Z`",
                "`first_observed`: `yesterday`")), NOW))
                .hasMessage("/objects/0/first_observed (observed-data--1): not a STIX timestamp: \"yesterday\"");
        assertThatThrownBy(() -> Observations.fromBundle(json(OBJECT_REFS.replace("`last_observed`: `2024-01-01T00:10:00Z`",
                "`last_observed`: `2023-01-01T00:10:00Z`")), NOW))
                .hasMessageStartingWith("/objects/0/last_observed (observed-data--1): 2023-01-01T00:10:00Z is before first_observed");
        assertThatThrownBy(() -> Observations.fromBundle(json(OBJECT_REFS.replace("`ipv4-addr--1`, `relationship--1`",
                "`ipv4-addr--1`, `file--404`")), NOW))
                .hasMessage("/objects/0/object_refs/2 (observed-data--1): file--404 is not in the bundle");
        assertThatThrownBy(() -> Observations.fromObjects(List.of(json("""
                {`type`: `observed-data`, `id`: `observed-data--3`, `created`: `2024-01-01T00:00:00Z`, `first_observed`: `2024-01-01T00:00:00Z`,
                 `last_observed`: `2024-01-01T00:00:00Z`, `number_observed`: 1, `objects`: {`a/b`: 5}}""")), NOW))
                .hasMessage("/0/objects/a~1b (observed-data--3): not a cyber-observable (no \"type\")");
        assertThatThrownBy(() -> Observations.fromObjects(List.of(json("""
                {`type`: `observed-data`, `id`: `observed-data--4`, `created`: `2024-01-01T00:00:00Z`, `first_observed`: `2024-01-01T00:00:00Z`,
                 `last_observed`: `2024-01-01T00:00:00Z`, `number_observed`: 1}""")), NOW))
                .hasMessage("/0 (observed-data--4): observed-data has neither object_refs nor objects");
        assertThatThrownBy(() -> Observations.fromObjects(List.of(json("{`type`: `ipv4-addr`, `value`: `1.2.3.4`}")), NOW))
                .hasMessage("/0/id: cyber-observable of type 'ipv4-addr' has no id");
        assertThatThrownBy(() -> Observations.fromObjects(List.of(json("[1]")), NOW)).hasMessage("/0: not a STIX object (no \"type\")");
    }
}
