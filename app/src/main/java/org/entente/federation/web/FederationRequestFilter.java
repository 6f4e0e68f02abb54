package org.entente.federation.web;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import org.entente.federation.CommunityTrust;
import org.entente.federation.FederationNode;
import org.entente.federation.Fingerprints;
import org.entente.federation.PeerIdentity;
import org.entente.federation.trust.Certificates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Keeps the two ports apart, before anything else runs: on the federation port only {@code /federation/**}
 * exists, on the API port {@code /federation/**} does not (both answer 404, as for a path that does not
 * exist). On the federation port it turns the verified client certificate into the request's
 * {@link PeerIdentity}.
 */
final class FederationRequestFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(FederationRequestFilter.class);
    static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final FederationNode node;

    FederationRequestFilter(FederationNode node) {
        this.node = node;
    }

    static boolean federationPath(HttpServletRequest request) {
        // The servlet path is decoded and normalised by Tomcat ("/federation/../api" is "/api" here).
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.equals("/federation") || path.startsWith("/federation/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int port = node.port();
        boolean onFederationPort = port > 0 && request.getLocalPort() == port;
        if (onFederationPort != federationPath(request)) {
            FederationProblems.write(response, 404, "Not Found", "No such resource.");
            return;
        }
        if (onFederationPort) {
            PeerIdentity peer = peer(request);
            if (peer == null) {
                FederationProblems.write(response, 403, "Forbidden", "A client certificate of the community is required.");
                return;
            }
            request.setAttribute(PeerIdentity.REQUEST_ATTRIBUTE, peer);
        } else {
            request.removeAttribute(PeerIdentity.REQUEST_ATTRIBUTE);
        }
        chain.doFilter(request, response);
    }

    private PeerIdentity peer(HttpServletRequest request) {
        if (!request.isSecure() || !(request.getAttribute(CERTIFICATES) instanceof X509Certificate[] chain) || chain.length == 0) {
            return null;
        }
        X509Certificate leaf = chain[0];
        CommunityTrust trust = node.credentials().trust();
        if (trust.mode() == CommunityTrust.Mode.PINNED && !trust.anchors().contains(leaf)) {
            log.warn("refused federation request from unpinned certificate {} ({})", leaf.getSubjectX500Principal(),
                    Fingerprints.sha256(leaf));
            return null;
        }
        try {
            return new PeerIdentity(Certificates.participant(leaf), Fingerprints.sha256(leaf));
        } catch (CertificateException e) {
            log.warn("refused federation request: {}", e.getMessage());
            return null;
        }
    }
}
