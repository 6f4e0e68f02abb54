package org.entente.stix;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A number beyond Jackson's limits is malformed input (StixParseException), not a crash (found by fuzzing). */
class BundleHugeNumberTest {

    @Test
    void aNumberBeyondJacksonsLimitsIsAParseErrorWithALocation() {
        String json = "[{\"type\":\"x-a\",\"id\":\"x-a--1\",\"n\":1e4099999999999}]";
        assertThatThrownBy(() -> {
            try (BundleReader reader = new BundleReader(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))) {
                while (reader.next() != null) {
                    // read all
                }
            }
        }).isInstanceOf(StixParseException.class).hasMessageContaining("out of range");
    }
}
