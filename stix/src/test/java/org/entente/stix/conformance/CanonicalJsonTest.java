package org.entente.stix.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.entente.stix.StixJson;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    static String canonical(String json) {
        return CanonicalJson.of(StixJson.MAPPER.readTree(json));
    }

    @Test
    void ignoresPropertyOrderAtEveryLevel() {
        assertThat(canonical("{\"b\": 1, \"a\": {\"y\": [1, {\"q\": 1, \"p\": 2}], \"x\": 2}}"))
                .isEqualTo(canonical("{\"a\": {\"x\": 2, \"y\": [1, {\"p\": 2, \"q\": 1}]}, \"b\": 1}"));
    }

    @Test
    void keepsArrayOrderNumberTextAndStringsExact() {
        assertThat(canonical("[1, 2]")).isNotEqualTo(canonical("[2, 1]"));
        assertThat(canonical("{\"n\": 1.10}")).isNotEqualTo(canonical("{\"n\": 1.1}"));
        assertThat(canonical("{\"n\": 1}")).isNotEqualTo(canonical("{\"n\": 1.0}"));
        assertThat(canonical("{\"t\": \"2016-05-12T08:17:27Z\"}"))
                .isNotEqualTo(canonical("{\"t\": \"2016-05-12T08:17:27.000Z\"}"));
        assertThat(canonical("{\"n\": 123456789012345678901234567890}")).contains("123456789012345678901234567890");
    }
}
