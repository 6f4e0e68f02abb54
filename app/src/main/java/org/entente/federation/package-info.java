/**
 * Federation between sovereign nodes: the trust layer. A community trusts a CA ({@link
 * org.entente.federation.CommunityCa}, {@code entente ca …}) or pinned certificates ({@link
 * org.entente.federation.CommunityTrust}); nodes talk over a second, mutual-TLS (TLS 1.3) port where each
 * request carries the calling {@link org.entente.federation.PeerIdentity} and reaches only
 * {@link org.entente.federation.PeerEndpoint}s under {@code /federation/}; every object version a node
 * originates is signed ({@link org.entente.federation.ProvenanceSigner}) and checked on receipt against the
 * originator's certified key ({@link org.entente.federation.ProvenanceVerifier}). See docs/FEDERATION.md.
 */
package org.entente.federation;
