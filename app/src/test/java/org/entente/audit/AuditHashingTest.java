package org.entente.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The canonical details text and the entry hash: deterministic, unambiguous, stable through jsonb. */
class AuditHashingTest {

    static final Instant AT = Instant.parse("2025-06-26T08:00:00.123456Z");

    @Test
    void canonicalJsonSortsKeysAndDropsWhitespace() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("b", 1);
        details.put("a", Map.of("z", List.of(1, 2), "y", "x"));
        assertThat(CanonicalJson.ofDetails(details)).isEqualTo("{\"a\":{\"y\":\"x\",\"z\":[1,2]},\"b\":1}");
        assertThat(CanonicalJson.ofStored("{\"b\": 1, \"a\": {\"z\": [1, 2], \"y\": \"x\"}}"))
                .isEqualTo(CanonicalJson.ofDetails(details));
        assertThat(CanonicalJson.ofDetails(Map.of())).isEqualTo("{}");
        assertThat(CanonicalJson.ofDetails(null)).isEqualTo("{}");
    }

    @Test
    void numbersAreWrittenByValueInPlainDecimal() {
        assertThat(CanonicalJson.ofStored("[1.50, 15e-1, 1.0, 1e3, 100, -0.0, 0.000001, 12345678901234567890123]"))
                .isEqualTo("[1.5,1.5,1,1000,100,0,0.000001,12345678901234567890123]");
        assertThat(CanonicalJson.ofDetails(Map.of("d", 0.1, "f", 1e20))).isEqualTo("{\"d\":0.1,\"f\":100000000000000000000}");
    }

    @Test
    void stringsAreEscapedMinimallyAndNulBecomesAReplacementCharacter() {
        assertThat(CanonicalJson.ofDetails(Map.of("s", "a\"b\\c\nd\u0001é🚀\u0000")))
                .isEqualTo("{\"s\":\"a\\\"b\\\\c\\nd\\u0001é🚀\uFFFD\"}");
        assertThat(CanonicalJson.text("a\u0000b\uDC00")).isEqualTo("a\uFFFDb\uFFFD");
        assertThat(CanonicalJson.text("ok 🚀")).isEqualTo("ok 🚀");
    }

    @Test
    void theHashCoversEveryFieldAndTheEncodingIsUnambiguous() {
        byte[] base = EntryHash.of(7, AT, "alice", "LOGIN", "subject", "{}", EntryHash.GENESIS);
        assertThat(base).hasSize(32);
        assertThat(EntryHash.of(7, AT, "alice", "LOGIN", "subject", "{}", EntryHash.GENESIS)).isEqualTo(base);
        List<byte[]> variants = List.of(
                EntryHash.of(8, AT, "alice", "LOGIN", "subject", "{}", EntryHash.GENESIS),
                EntryHash.of(7, AT.plusNanos(1_000), "alice", "LOGIN", "subject", "{}", EntryHash.GENESIS),
                EntryHash.of(7, AT, "alicE", "LOGIN", "subject", "{}", EntryHash.GENESIS),
                EntryHash.of(7, AT, "alice", "LOGOUT", "subject", "{}", EntryHash.GENESIS),
                EntryHash.of(7, AT, "alice", "LOGIN", "subjecT", "{}", EntryHash.GENESIS),
                EntryHash.of(7, AT, "alice", "LOGIN", "subject", "{\"a\":1}", EntryHash.GENESIS),
                EntryHash.of(7, AT, "alice", "LOGIN", "subject", "{}", base),
                // moving text from one field to the next, or null versus empty, is a different entry
                EntryHash.of(7, AT, "alic", "eLOGIN", "subject", "{}", EntryHash.GENESIS),
                EntryHash.of(7, AT, "alice", "LOGIN", null, "{}", EntryHash.GENESIS),
                EntryHash.of(7, AT, "alice", "LOGIN", "", "{}", EntryHash.GENESIS));
        for (byte[] v : variants) {
            assertThat(v).isNotEqualTo(base);
        }
        assertThat(EntryHash.of(7, AT, "alice", "LOGIN", null, "{}", EntryHash.GENESIS))
                .isNotEqualTo(EntryHash.of(7, AT, "alice", "LOGIN", "", "{}", EntryHash.GENESIS));
    }

    @Test
    void timestampsAreHashedAsFixedWidthUtcMicroseconds() {
        assertThat(EntryHash.timestampText(Instant.parse("2025-06-26T08:00:00Z"))).isEqualTo("2025-06-26T08:00:00.000000Z");
        assertThat(EntryHash.timestampText(Instant.parse("2025-06-26T08:00:00.123456789Z"))).isEqualTo("2025-06-26T08:00:00.123456Z");
    }
}
