package org.entente.federation.sync;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;

/**
 * How this node talks to a peer: the HTTP client (with the node's client certificate once mutual TLS
 * is wired) and how a request says who this node is. The sync code depends on nothing else, so moving
 * from the plain-HTTP development transport to mTLS is a wiring change.
 */
public interface PeerTransport {

    HttpClient client();

    /** Adds this node's identity to a request (nothing when the TLS client certificate carries it). */
    HttpRequest.Builder identify(HttpRequest.Builder request);
}
