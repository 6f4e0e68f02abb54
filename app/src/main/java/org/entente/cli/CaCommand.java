package org.entente.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

import org.entente.federation.CommunityCa;
import org.entente.federation.Fingerprints;

/**
 * {@code entente ca init|issue|show|fingerprint}: the community CA, on files only (no node needed).
 * Exit codes: 0 done, 1 failed (message on stderr), 2 wrong command line.
 */
final class CaCommand {

    static final Path DEFAULT_DIR = Path.of("var", "ca");

    int run(List<String> raw) {
        if (raw.isEmpty()) {
            throw new UsageException("ca needs a subcommand: init, issue, show or fingerprint");
        }
        List<String> rest = raw.subList(1, raw.size());
        try {
            return switch (raw.getFirst()) {
                case "init" -> init(Args.parse(rest, Set.of("dir", "community"), Set.of()));
                case "issue" -> issue(Args.parse(rest, Set.of("dir", "participant", "dns", "ip", "out"), Set.of()));
                case "show" -> show(Args.parse(rest, Set.of("dir"), Set.of()));
                case "fingerprint" -> fingerprint(Args.parse(rest, Set.of(), Set.of()));
                default -> throw new UsageException("unknown ca subcommand '" + raw.getFirst() + "'");
            };
        } catch (IOException | CertificateException | IllegalArgumentException e) {
            System.err.println("entente ca: " + (e instanceof java.nio.file.FileAlreadyExistsException f
                    ? f.getFile() + ": " + f.getReason() : e.getMessage()));
            return 1;
        }
    }

    private static Path dir(Args args) {
        return args.option("dir").map(Path::of).orElse(DEFAULT_DIR);
    }

    private static void noPositional(Args args) {
        if (!args.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + args.positional().getFirst() + "'");
        }
    }

    private int init(Args args) throws IOException {
        noPositional(args);
        Path dir = dir(args);
        CommunityCa ca = CommunityCa.init(dir, args.option("community").orElse("Entente"));
        System.out.println("Community CA '" + ca.community() + "' created in " + dir);
        System.out.println("  certificate  " + dir.resolve("ca.crt"));
        System.out.println("  private key  " + dir.resolve("ca.key") + " (owner only; keep it offline)");
        System.out.println("  SHA-256      " + Fingerprints.withColons(Fingerprints.sha256(ca.certificate())));
        return 0;
    }

    private int issue(Args args) throws IOException, CertificateException {
        noPositional(args);
        String participant = args.option("participant").orElseThrow(() -> new UsageException("ca issue needs --participant NAME"));
        Path out = args.option("out").map(Path::of).orElseThrow(() -> new UsageException("ca issue needs --out DIR"));
        CommunityCa ca = CommunityCa.open(dir(args));
        CommunityCa.Issued issued = ca.issue(participant, args.all("dns"), args.all("ip"), out);
        System.out.println("Issued credentials for participant '" + participant + "' in " + out);
        System.out.println("  node.key, node.crt        TLS (federation port and outgoing calls), SHA-256 "
                + Fingerprints.withColons(Fingerprints.sha256(issued.tlsCertificate())));
        System.out.println("  signing.key, signing.crt  provenance signatures, SHA-256 "
                + Fingerprints.withColons(Fingerprints.sha256(issued.signingCertificate())));
        System.out.println("  ca.crt                    the community CA");
        System.out.println("Copy the directory to the node as <home>/federation (or set entente.federation.key-dir).");
        return 0;
    }

    private int show(Args args) throws IOException, CertificateException {
        noPositional(args);
        Path dir = dir(args);
        if (!Files.exists(dir.resolve("ca.crt"))) {
            throw new CertificateException("no CA in " + dir + " (run 'entente ca init --dir " + dir + "' first)");
        }
        CommunityCa opened = CommunityCa.open(dir);
        System.out.println("Community CA in " + dir);
        describe(opened.certificate());
        List<X509Certificate> issued = opened.issued();
        System.out.println("Issued: " + issued.size() + " certificate(s)");
        for (X509Certificate c : issued) {
            System.out.println("  " + c.getSubjectX500Principal().getName() + "  until " + c.getNotAfter().toInstant()
                    + "  " + Fingerprints.sha256(c));
        }
        return 0;
    }

    private int fingerprint(Args args) throws IOException, CertificateException {
        if (args.positional().isEmpty()) {
            throw new UsageException("ca fingerprint needs a certificate FILE");
        }
        for (String file : args.positional()) {
            for (X509Certificate c : CommunityCa.readCertificates(Path.of(file))) {
                System.out.println(Fingerprints.withColons(Fingerprints.sha256(c)) + "  " + file + "  "
                        + c.getSubjectX500Principal().getName());
            }
        }
        return 0;
    }

    private static void describe(X509Certificate c) {
        System.out.println("  subject      " + c.getSubjectX500Principal().getName());
        System.out.println("  valid        " + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant());
        System.out.println("  key          " + c.getPublicKey().getAlgorithm() + ", signed " + c.getSigAlgName());
        System.out.println("  SHA-256      " + Fingerprints.withColons(Fingerprints.sha256(c)));
    }
}
