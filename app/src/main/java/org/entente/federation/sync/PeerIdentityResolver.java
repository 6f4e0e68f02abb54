package org.entente.federation.sync;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Which participant's node is calling a {@code /federation/**} endpoint: the participant name of an
 * authenticated peer, or empty (the request is refused). With mTLS it is the verified client
 * certificate's participant; the plain-HTTP development resolver trusts a header and is off unless
 * {@code entente.federation.insecure-peer-header=true}.
 */
public interface PeerIdentityResolver {

    Optional<String> participant(HttpServletRequest request);
}
