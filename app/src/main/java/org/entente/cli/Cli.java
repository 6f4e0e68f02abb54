package org.entente.cli;

import java.util.Arrays;
import java.util.List;

/** Dispatches client commands. Each returns its process exit code. */
public final class Cli {

    public static final String USAGE = """
            Usage: entente <command> [options]

              up [--port N] [--home DIR] [--db-url JDBC_URL] [--demo]
                  Start a node (default http://localhost:8080, home ./var, embedded PostgreSQL).
                  ENTENTE_DB_URL / ENTENTE_DB_USER / ENTENTE_DB_PASSWORD select an external PostgreSQL;
                  ENTENTE_ADMIN_TOKEN sets the administrator's API token on first start.
              import [--url URL] [--token T] FILE...
                  Send STIX bundles to a node; prints progress, then stored / already present / rejected.
                  Exit code 1 when any object was rejected or a file could not be read.
              osint extract FILE|DIR...
                  Extract open-source articles without a node: one JSON object per file and line with file,
                  title, author, published, language and text (or file and error). Directories are walked for
                  .html, .htm, .txt and .gz files. Exit code 1 when any file could not be read.
              osint [--url URL] [--token T] [--tlp T] [--task-force ID] [--verbose] FILE|DIR...
                  Send pages (HTML, scraped text, gzip) to a node for ingestion; prints progress, then
                  ingested / duplicates / failed with reasons. Exit code 1 when any file failed.
              export [--url URL] [--token T] [--type T]... [--since TIMESTAMP]
                  Stream every stored version (or those of the given types, or added since TIMESTAMP)
                  as one bundle to standard output.
              taxii pull URL [--collection ID|TITLE] [--cursor FILE] [--added-after TIMESTAMP] [--limit N]
                         [--type T]... [--all-versions] [--token T | --user U --password P]
                  Pull a collection from any TAXII 2.1 server (URL: its discovery URL, e.g.
                  https://host/taxii2/, or an API root) as one bundle to standard output; progress on
                  stderr. --cursor FILE starts after the previous pull and is saved after every page, so
                  an interrupted pull resumes without losing or repeating objects.
              taxii push URL FILE [--collection ID|TITLE] [--batch N] [--token T | --user U --password P]
                  Send a bundle's objects to a TAXII 2.1 collection in batches (default 500) and wait for
                  each status; prints succeeded / failed with reasons. Exit code 1 when any object failed.
              taxii collections URL [--token T | --user U --password P]
                  List the collections of a TAXII 2.1 API root and whether they can be read (r) or written (w).
                  Without --collection, pull and push take the only readable / writable collection.
                  All taxii commands retry unreachable or busy servers (429, 502-504) with backoff:
                  --retries N attempts in all (default 5); --timeout SECONDS per request (default 120).
              sight FILE [--url URL] [--token T] [--tlp T] [--task-force ID]
                  Send observations (a STIX bundle of observed-data/SCOs, or values one per line: IPs,
                  domains, URLs, e-mail addresses, hashes) for correlation; prints the indicators matched,
                  the sightings created and values a warninglist suppressed. Sightings are shared at
                  --tlp (default amber) with your organisation, or with task force --task-force ID.
              audit verify [--url URL] [--token T]
                  Walk the node's tamper-evident audit log; names the first altered, missing or
                  reordered entry. Exit code 1 when the chain is broken.
              pattern check PATTERN
                  Check a STIX 2.1 pattern without a node: prints "valid" and its canonical form, or the
                  line and column of the first fault with a caret under it (exit code 1).
              pattern match PATTERN FILE [--at TIMESTAMP]
                  Match a STIX pattern against the observed-data (and bare cyber-observables, observed
                  at --at, default now) of a bundle or list of objects in FILE (- for standard input).
                  Prints the observations of a match as JSON; exit code 1 when nothing matches, 2 when
                  the pattern or the file is invalid.
              declaration verify FILE
                  Verify a joint declaration document (GET /api/v1/coordination/declarations/ID/document)
                  offline: every full member listed signed this text, version and declaration with its
                  own key. Prints VALID or INVALID naming each failing member; exit code 0 valid, 1 invalid.
              peer add https://HOST:PORT --participant NAME --fingerprint SHA256 [--url URL] [--token T]
                  Pair this node with the federation port of the node serving participant NAME; its TLS
                  certificate must have the SHA-256 fingerprint checked out of band (ca fingerprint). This
                  node then pulls what NAME's node releases to it.
              peer list [--url URL] [--token T]
                  Each peer's state (new, syncing, in-sync, failing), lag, objects received and
                  quarantined, and last error.
              ca init [--dir DIR] [--community NAME]
                  Create a community CA (EC P-256) in DIR (default ./var/ca); ca.key is readable by its owner only.
              ca issue --participant NAME [--dns HOST]... [--ip IP]... --out DIR [--dir DIR]
                  Issue a node's federation credentials into DIR: TLS key and certificate (node.key, node.crt;
                  localhost and 127.0.0.1 unless --dns / --ip are given), provenance signing key and
                  certificate (signing.key, signing.crt, Ed25519) and ca.crt.
              ca show [--dir DIR]
                  The CA's certificate, fingerprint and the certificates it issued.
              ca fingerprint FILE...
                  SHA-256 fingerprints of the certificates in PEM files, for checks out of band.
              backup [--home DIR] [--db-url JDBC_URL] FILE
                  One consistent archive (zip) of the node's database (a single snapshot, taken while the
                  node runs or not) and of its home: keys, certificates, the audit head anchor. Run it on
                  the node's machine; FILE holds the node's keys and is created readable by its owner only.
              restore FILE [--home DIR] [--db-url JDBC_URL] [--force]
                  Restore an archive into a stopped node. Verifies every checksum and the schema version
                  first; refuses a target that holds data unless --force; all or nothing.
              test
                  Run the whole test suite (./mvnw verify with a suitable JDK).
              help
                  This text.

            Client commands find their token in --token, ENTENTE_TOKEN, ENTENTE_ADMIN_TOKEN, or the
            admin.token a local node wrote in its home (--home, default ./var). The taxii commands talk to
            any server, so they use only --token or TAXII_TOKEN, or --user with --password or TAXII_PASSWORD.
            """;

    private Cli() {
    }

    public static int run(String[] args) {
        if (args.length == 0 || List.of("help", "-h", "--help").contains(args[0])) {
            System.out.print(USAGE);
            return 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        return switch (args[0]) {
            case "import" -> new ImportCommand().run(rest);
            case "export" -> new ExportCommand().run(rest);
            case "audit" -> new AuditCommand().run(rest);
            case "taxii" -> new TaxiiCommand().run(rest);
            case "sight" -> new SightCommand().run(rest);
            case "pattern" -> new PatternCommand().run(rest);
            case "declaration" -> new DeclarationCommand().run(rest);
            case "peer" -> new PeerCommand().run(rest);
            case "ca" -> new CaCommand().run(rest);
            case "osint" -> new OsintCommand().run(rest);
            case "backup" -> new BackupCommand().run(rest);
            case "restore" -> new RestoreCommand().run(rest);
            default -> throw new UsageException("unknown command '" + args[0] + "'");
        };
    }
}
