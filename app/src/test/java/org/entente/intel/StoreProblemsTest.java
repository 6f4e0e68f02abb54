package org.entente.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;

/** The store's errors read the same from every module's endpoints and never carry internals. */
class StoreProblemsTest {

    @Test
    void aRefusedShareIsA403WithItsReason() {
        ProblemDetail p = StoreProblems.refused(new SharingRefused("TLP:RED cannot go to the whole community"));
        assertThat(p.getStatus()).isEqualTo(403);
        assertThat(p.getTitle()).isEqualTo("Sharing refused");
        assertThat(p.getDetail()).isEqualTo("TLP:RED cannot go to the whole community");
    }

    @Test
    void anUnknownRecipientIsA400NamingTheParameter() {
        UnknownRecipient e = new UnknownRecipient("task_force", 4711);
        ProblemDetail p = StoreProblems.unknownRecipient(e);
        assertThat(p.getStatus()).isEqualTo(400);
        assertThat(p.getTitle()).isEqualTo("Unknown recipient");
        assertThat(p.getProperties()).containsEntry("parameter", "task_force");
        assertThat(p.getDetail()).isEqualTo(e.getMessage());
    }

    @Test
    void anUnavailableStoreIsA503ThatSaysNothingOfTheDatabase() {
        StoreUnavailableException e = new StoreUnavailableException(
                new SQLException("FATAL: password authentication failed for user \"entente\" at 10.0.0.5:5432"));
        ProblemDetail p = StoreProblems.unavailable(e, LoggerFactory.getLogger(StoreProblemsTest.class));
        assertThat(p.getStatus()).isEqualTo(503);
        assertThat(p.getDetail()).isEqualTo("The intelligence store is unavailable; nothing was lost, retry later.");
        assertThat(String.valueOf(p.getProperties())).doesNotContain("SQL", "password", "10.0.0.5");
    }
}
