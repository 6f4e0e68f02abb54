package org.entente.operations.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final TokenBuckets buckets = new TokenBuckets(2.0, 3, now::get);

    @Test
    void aBurstIsServedThenTheRateWithTheWaitUntilTheNextToken() {
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isEqualTo(500_000_000L); // 2 per second: half a second to the next
        now.addAndGet(250_000_000L);
        assertThat(buckets.take("a")).isEqualTo(250_000_000L);
        now.addAndGet(250_000_000L);
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("b")).as("another caller, another bucket").isZero();
    }

    @Test
    void idleTimeNeverFillsMoreThanTheBurst() {
        for (int i = 0; i < 3; i++) {
            buckets.take("a");
        }
        now.addAndGet(3_600_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("a")).isZero();
        }
        assertThat(buckets.take("a")).isPositive();
    }

    @Test
    void aFloodOfDistinctKeysDoesNotGrowWithoutBound() {
        for (int i = 0; i < TokenBuckets.MAX_KEYS + 5_000; i++) {
            buckets.take("key-" + i);
        }
        assertThat(buckets.size()).isLessThanOrEqualTo(TokenBuckets.MAX_KEYS);
    }
}
