package org.entente.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.UUID;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.entente.cli.Cli;
import org.entente.support.RunningNode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A node serving HTTPS on its main port with only a certificate and key configured: TLS 1.3 and 1.2
 * with AEAD suites are accepted, a CBC suite is refused although the client offers nothing else, and
 * answers carry HSTS.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TlsHardeningTest {

    private static final Path CREDENTIALS = credentials();

    @DynamicPropertySource
    static void node(DynamicPropertyRegistry registry) {
        registry.add("entente.home", () -> RunningNode.freshHome().toString());
        registry.add("entente.admin-token", () -> "tls-" + UUID.randomUUID());
        registry.add("server.ssl.certificate", () -> "file:" + CREDENTIALS.resolve("node.crt"));
        registry.add("server.ssl.certificate-private-key", () -> "file:" + CREDENTIALS.resolve("node.key"));
    }

    @LocalServerPort
    int port;

    @Test
    void modernProtocolsAndAeadSuitesOnlyAndHstsOverHttps() throws Exception {
        assertThat(request("TLSv1.3", null)).contains("HTTP/1.1 200").containsIgnoringCase("Strict-Transport-Security: max-age=31536000");
        assertThat(request("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")).contains("HTTP/1.1 200");
        assertThatThrownBy(() -> request("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256")).isInstanceOf(SSLHandshakeException.class);
    }

    private String request(String protocol, String suite) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustingManager()}, new SecureRandom());
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
            socket.setEnabledProtocols(new String[] {protocol});
            if (suite != null) {
                socket.setEnabledCipherSuites(new String[] {suite});
            }
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Path credentials() {
        Path ca = RunningNode.freshHome();
        Path out = RunningNode.freshHome().resolve("tls");
        if (Cli.run(new String[] {"ca", "init", "--dir", ca.toString()}) != 0
                || Cli.run(new String[] {"ca", "issue", "--dir", ca.toString(), "--participant", "tls", "--out", out.toString()}) != 0) {
            throw new IllegalStateException("could not issue test credentials");
        }
        return out;
    }

    /** Test only: the certificate is the one this test issued a moment ago. */
    private static final class TrustingManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
