package org.entente.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The lockout is 5 failures and 15 minutes unless configured otherwise. */
class IdentityPropertiesTest {

    private static IdentityProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("entente.identity", IdentityProperties.class);
    }

    @Test
    void defaultsAreFiveFailuresAndFifteenMinutes() {
        IdentityProperties defaults = bind(Map.of());

        assertThat(defaults.lockoutFailures()).isEqualTo(5);
        assertThat(defaults.lockoutDuration()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void bothAreConfigurable() {
        IdentityProperties custom = bind(Map.of("entente.identity.lockout-failures", "3", "entente.identity.lockout-duration", "30s"));

        assertThat(custom.lockoutFailures()).isEqualTo(3);
        assertThat(custom.lockoutDuration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void nonsenseIsRefusedAtStart() {
        assertThatThrownBy(() -> bind(Map.of("entente.identity.lockout-failures", "0"))).hasRootCauseInstanceOf(IllegalArgumentException.class);
    }
}
