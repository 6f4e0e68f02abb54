package org.entente.cli;

import java.util.Arrays;
import java.util.List;

/** Dispatches client commands. Each returns its process exit code. */
public final class Cli {

    public static final String USAGE = """
            Usage: entente <command> [options]

              up [--port N] [--home DIR] [--db-url JDBC_URL]
                  Start a node (default http://localhost:8080, home ./var, embedded PostgreSQL).
                  ENTENTE_DB_URL / ENTENTE_DB_USER / ENTENTE_DB_PASSWORD select an external PostgreSQL;
                  ENTENTE_ADMIN_TOKEN sets the administrator's API token on first start.
              import [--url URL] [--token T] FILE...
                  Send STIX bundles to a node; prints progress, then stored / already present / rejected.
                  Exit code 1 when any object was rejected or a file could not be read.
              export [--url URL] [--token T] [--type T]... [--since TIMESTAMP]
                  Stream every stored version (or those of the given types, or added since TIMESTAMP)
                  as one bundle to standard output.
              audit verify [--url URL] [--token T]
                  Walk the node's tamper-evident audit log; names the first altered, missing or
                  reordered entry. Exit code 1 when the chain is broken.
              test
                  Run the whole test suite (./mvnw verify with a suitable JDK).
              help
                  This text.

            Client commands find their token in --token, ENTENTE_TOKEN, ENTENTE_ADMIN_TOKEN, or the
            admin.token a local node wrote in its home (--home, default ./var).
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
            default -> throw new UsageException("unknown command '" + args[0] + "'");
        };
    }
}
