package org.entente.federation;

import java.util.Objects;

/**
 * The node at the other end of a federation request: its participant, from the
 * {@code urn:entente:participant:} name of the client certificate it presented (verified by TLS against
 * the community CA or the pinned certificates), and that certificate's SHA-256 fingerprint. Controllers
 * of {@link PeerEndpoint}s take it as a parameter; it exists only for requests that arrived on the
 * federation port.
 */
public record PeerIdentity(String participant, String fingerprint) {

    /** The request attribute holding it (set by the federation port's filter, never from client input). */
    public static final String REQUEST_ATTRIBUTE = PeerIdentity.class.getName();

    public PeerIdentity {
        Objects.requireNonNull(participant, "participant");
        fingerprint = Fingerprints.normalize(fingerprint);
    }
}
