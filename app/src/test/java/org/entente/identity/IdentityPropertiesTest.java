package org.entente.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The lockout is 5 failures and 15 minutes, the address throttle 30 failures a minute, unless configured otherwise. */
class IdentityPropertiesTest {

    private static IdentityProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("entente.identity", IdentityProperties.class);
    }

    @Test
    void defaultsAreFiveFailuresAndFifteenMinutes() {
        IdentityProperties defaults = bind(Map.of());

        assertThat(defaults.lockoutFailures()).isEqualTo(5);
        assertThat(defaults.lockoutDuration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(defaults.throttleFailures()).isEqualTo(30);
        assertThat(defaults.throttleWindow()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void bothAreConfigurable() {
        IdentityProperties custom = bind(Map.of("entente.identity.lockout-failures", "3", "entente.identity.lockout-duration", "30s"));

        assertThat(custom.lockoutFailures()).isEqualTo(3);
        assertThat(custom.lockoutDuration()).isEqualTo(Duration.ofSeconds(30));
        IdentityProperties throttle = bind(Map.of("entente.identity.throttle-failures", "10", "entente.identity.throttle-window", "5m"));
        assertThat(throttle.throttleFailures()).isEqualTo(10);
        assertThat(throttle.throttleWindow()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void nonsenseIsRefusedAtStart() {
        assertThatThrownBy(() -> bind(Map.of("entente.identity.lockout-failures", "0"))).hasRootCauseInstanceOf(IllegalArgumentException.class);
        for (var nonsense : List.of(Map.of("entente.identity.throttle-failures", "0"), Map.of("entente.identity.throttle-failures", "-5"),
                Map.of("entente.identity.throttle-window", "0s"), Map.of("entente.identity.throttle-window", "500ms"),
                Map.of("entente.identity.throttle-window", "-1m"), Map.of("entente.identity.throttle-window", "400d"))) {
            assertThatThrownBy(() -> bind(nonsense)).as(nonsense.toString()).hasRootCauseInstanceOf(IllegalArgumentException.class);
        }
    }
}
