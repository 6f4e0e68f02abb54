package org.entente.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.entente.federation.CommunityTrust;
import org.entente.federation.Fingerprints;
import org.entente.federation.NodeCredentials;
import org.entente.federation.trust.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code entente ca …}: exit codes, files and their permissions, output usable out of band. */
class CaCommandTest {

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Cli.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void initIssueShowAndFingerprint() throws Exception {
        Path ca = tmp.resolve("ca");
        Run init = run("ca", "init", "--dir", ca.toString(), "--community", "Alliance");
        assertThat(init.code()).isEqualTo(0);
        assertThat(perms(ca.resolve("ca.key"))).isEqualTo("rw-------");
        assertThat(perms(ca)).isEqualTo("rwx------");
        String caFingerprint = Fingerprints.withColons(Fingerprints.sha256(Pem.readCertificate(ca.resolve("ca.crt"))));
        assertThat(init.out()).contains(caFingerprint);

        Path out = tmp.resolve("nodes").resolve("france");
        Run issue = run("ca", "issue", "--dir", ca.toString(), "--participant", "france", "--dns", "node.fr.example",
                "--dns", "localhost", "--ip", "127.0.0.1", "--ip", "::1", "--out", out.toString());
        assertThat(issue.code()).as(issue.err()).isEqualTo(0);
        for (String key : new String[] {"node.key", "signing.key"}) {
            assertThat(perms(out.resolve(key))).as(key).isEqualTo("rw-------");
        }
        assertThat(perms(out)).isEqualTo("rwx------");
        NodeCredentials credentials = NodeCredentials.load(out);
        assertThat(credentials.participant()).isEqualTo("france");
        assertThat(credentials.trust().mode()).isEqualTo(CommunityTrust.Mode.CA);
        assertThat(credentials.tlsCertificate().getSubjectAlternativeNames()).extracting(l -> (Object) l.get(1))
                .contains("urn:entente:participant:france", "node.fr.example", "localhost", "127.0.0.1");
        assertThat(credentials.signer().certificate().getPublicKey().getAlgorithm()).isIn("EdDSA", "Ed25519");

        Run again = run("ca", "issue", "--dir", ca.toString(), "--participant", "france", "--out", out.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("refusing to overwrite");

        Run show = run("ca", "show", "--dir", ca.toString());
        assertThat(show.code()).isEqualTo(0);
        assertThat(show.out()).contains("Alliance", caFingerprint, "Issued: 2", "CN=france",
                Fingerprints.sha256(credentials.tlsCertificate()));

        Run fp = run("ca", "fingerprint", out.resolve("node.crt").toString());
        assertThat(fp.code()).isEqualTo(0);
        assertThat(fp.out()).startsWith(Fingerprints.withColons(Fingerprints.sha256(credentials.tlsCertificate())));

        assertThat(run("ca", "init", "--dir", ca.toString()).code()).isEqualTo(1); // never replaces a CA
    }

    @Test
    void failuresAndUsageErrors() throws Exception {
        Path ca = tmp.resolve("ca");
        assertThat(run("ca", "show", "--dir", ca.toString()).code()).isEqualTo(1);
        assertThat(run("ca", "issue", "--dir", ca.toString(), "--participant", "x", "--out", tmp.resolve("x").toString()).code())
                .isEqualTo(1);
        assertThat(run("ca", "init", "--dir", ca.toString()).code()).isEqualTo(0);
        Run badName = run("ca", "issue", "--dir", ca.toString(), "--participant", "no spaces/slashes", "--out", tmp.resolve("y").toString());
        assertThat(badName.code()).isEqualTo(1);
        assertThat(badName.err()).contains("participant name");
        assertThat(Files.exists(tmp.resolve("y"))).isFalse();
        Path garbage = tmp.resolve("garbage.crt");
        Files.writeString(garbage, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        assertThat(run("ca", "fingerprint", garbage.toString()).code()).isEqualTo(1);
        assertThat(run("ca", "fingerprint", tmp.resolve("missing.crt").toString()).code()).isEqualTo(1);
        // A CA key others can read is refused, like ssh refuses such keys.
        Files.setPosixFilePermissions(ca.resolve("ca.key"), PosixFilePermissions.fromString("rw-r--r--"));
        Run exposed = run("ca", "issue", "--dir", ca.toString(), "--participant", "x", "--out", tmp.resolve("x").toString());
        assertThat(exposed.code()).isEqualTo(1);
        assertThat(exposed.err()).contains("chmod 600");

        assertThatThrownBy(() -> run("ca")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("ca", "frobnicate")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("ca", "issue", "--dir", ca.toString(), "--out", "z")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--participant");
        assertThatThrownBy(() -> run("ca", "fingerprint")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("ca", "init", "--bogus", "1")).isInstanceOf(UsageException.class);
    }
}
