package org.entente.community;

/** Identifiers of community entities: distinct types, so a participant id is never passed as an organisation's. */
public final class Ids {
    private Ids() {
    }

    public record ParticipantId(long value) {
    }

    public record OrganisationId(long value) {
    }

    public record TaskForceId(long value) {
    }

    public record UserId(long value) {
    }
}
