package org.entente.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Failed authentications per address: the limit, the block, its end, and a map that stays bounded. */
class AuthenticationThrottleTest {

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    private final List<AuthenticationThrottle.Blocked> blocked = new ArrayList<>();
    private final AuthenticationThrottle throttle = new AuthenticationThrottle(3, Duration.ofSeconds(60), clock, blocked::add);

    private void fail(String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(address);
        }
    }

    @Test
    void theFailureThatReachesTheLimitBlocksTheAddressForOneWindowAndIsReportedOnce() {
        fail("203.0.113.7", 2);
        assertThat(throttle.blockedFor("203.0.113.7")).as("under the limit").isZero();

        fail("203.0.113.7", 1);

        assertThat(throttle.blockedFor("203.0.113.7")).isEqualTo(60_000);
        assertThat(blocked).singleElement().satisfies(b -> {
            assertThat(b.address()).isEqualTo("203.0.113.7");
            assertThat(b.failures()).isEqualTo(3);
            assertThat(b.window()).isEqualTo(Duration.ofSeconds(60));
        });
        assertThat(throttle.blockedFor("203.0.113.8")).as("another address").isZero();
    }

    @Test
    void failuresWhileBlockedNeitherExtendTheBlockNorReportItAgain() {
        fail("203.0.113.7", 3);
        now.addAndGet(30_000);

        fail("203.0.113.7", 50);

        assertThat(throttle.blockedFor("203.0.113.7")).isEqualTo(30_000);
        assertThat(blocked).hasSize(1);
        now.addAndGet(30_000);
        assertThat(throttle.blockedFor("203.0.113.7")).as("the block ended on time").isZero();
    }

    @Test
    void afterTheBlockCountingStartsAfresh() {
        fail("203.0.113.7", 3);
        now.addAndGet(60_000);

        fail("203.0.113.7", 2);
        assertThat(throttle.blockedFor("203.0.113.7")).isZero();
        fail("203.0.113.7", 1);
        assertThat(throttle.blockedFor("203.0.113.7")).isPositive();
        assertThat(blocked).hasSize(2);
    }

    @Test
    void failuresSpreadOverMoreThanAWindowDoNotBlock() {
        for (int i = 0; i < 10; i++) {
            fail("203.0.113.7", 2);
            now.addAndGet(60_000);
        }
        assertThat(throttle.blockedFor("203.0.113.7")).isZero();
        assertThat(blocked).isEmpty();
    }

    @Test
    void aClockSetBackCannotMakeABlockLongerThanAWindow() {
        fail("203.0.113.7", 3);
        now.addAndGet(-3_600_000);

        assertThat(throttle.blockedFor("203.0.113.7")).isEqualTo(60_000);
    }

    @Test
    void anIpv6HostCannotEscapeByRotatingThroughItsSlash64() {
        fail("2001:db8:0:1::1", 1);
        fail("2001:0db8:0000:0001:ffff:ffff:ffff:ffff", 1);
        fail("[2001:DB8:0:1:0:0:0:2%eth0]", 1);

        assertThat(throttle.blockedFor("2001:db8:0:1:dead:beef:0:1")).isPositive();
        assertThat(throttle.blockedFor("2001:db8:0:2::1")).as("the next /64 is someone else").isZero();
        assertThat(blocked).singleElement().extracting(AuthenticationThrottle.Blocked::address).isEqualTo("2001:db8:0:1::/64");
    }

    @Test
    void keysOfOddAddressesAreTheAddressCutShort() {
        assertThat(AuthenticationThrottle.key("0:0:0:0:0:0:0:1")).isEqualTo("0:0:0:0::/64");
        assertThat(AuthenticationThrottle.key("::1")).isEqualTo("0:0:0:0::/64");
        assertThat(AuthenticationThrottle.key("::ffff:192.0.2.1")).as("IPv4-mapped stays whole").isEqualTo("::ffff:192.0.2.1");
        assertThat(AuthenticationThrottle.key("1:2:3:4:5:6:7:8:9")).isEqualTo("1:2:3:4:5:6:7:8:9");
        assertThat(AuthenticationThrottle.key("1::2::3")).isEqualTo("1::2::3");
        assertThat(AuthenticationThrottle.key("-1:2:3:4::")).isEqualTo("-1:2:3:4::");
        assertThat(AuthenticationThrottle.key("x".repeat(10_000))).hasSize(64);
        assertThat(AuthenticationThrottle.key(null)).isEqualTo("unknown");
    }

    @Test
    void aFloodFromManyAddressesStaysBoundedAndCannotLiftABlock() {
        fail("198.51.100.1", 3);

        for (int i = 0; i < AuthenticationThrottle.MAX_ADDRESSES + 20_000; i++) {
            throttle.failed("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }

        assertThat(throttle.size()).isLessThanOrEqualTo(AuthenticationThrottle.MAX_ADDRESSES);
        assertThat(throttle.blockedFor("198.51.100.1")).as("blocked addresses are kept").isPositive();
    }

    @Test
    void whenEveryTrackedAddressIsBlockedNewOnesAreNotTrackedUntilABlockEnds() {
        for (int i = 0; i < AuthenticationThrottle.MAX_ADDRESSES; i++) {
            fail("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 3);
        }
        assertThat(throttle.size()).isEqualTo(AuthenticationThrottle.MAX_ADDRESSES);

        fail("198.51.100.1", 10);

        assertThat(throttle.size()).isLessThanOrEqualTo(AuthenticationThrottle.MAX_ADDRESSES);
        assertThat(throttle.blockedFor("10.0.0.0")).isPositive();
        now.addAndGet(60_000);
        fail("198.51.100.1", 3);
        assertThat(throttle.blockedFor("198.51.100.1")).as("room again once the blocks ended").isPositive();
        assertThat(throttle.size()).isLessThanOrEqualTo(AuthenticationThrottle.MAX_ADDRESSES);
    }

    @Test
    void nonsenseLimitsAreRefused() {
        assertThatThrownBy(() -> new AuthenticationThrottle(0, Duration.ofSeconds(60), clock, b -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuthenticationThrottle(3, Duration.ZERO, clock, b -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
