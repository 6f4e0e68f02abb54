package org.entente;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code ./entente up --demo} turns demo mode on, with China's ministry operating the node unless said otherwise. */
class DemoLauncherTest {

    @Test
    void demoSetsDemoModeAndTheChairAsHomeUnlessGiven() {
        assertThat(Entente.demoArguments(List.of("--server.port=8080"))).containsExactly("--entente.demo=true",
                "--entente.participant=China", "--entente.organisation=CN Ministry of National Defence");
        assertThat(Entente.demoArguments(List.of("--entente.participant=Russia", "--entente.organisation=RU MoD")))
                .containsExactly("--entente.demo=true");
    }
}
