package org.entente;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.entente.cli.Cli;
import org.entente.cli.UsageException;
import org.springframework.boot.SpringApplication;

/**
 * The {@code entente} command. {@code up} starts a node; every other command is a client of a node
 * (or works offline) and starts no Spring context, so it answers at once.
 */
public final class Entente {

    private Entente() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("up")) {
            up(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        try {
            System.exit(Cli.run(args));
        } catch (UsageException e) {
            System.err.println("entente: " + e.getMessage());
            System.err.println("Run './entente help' for usage.");
            System.exit(2);
        }
    }

    /** Translates the launcher's options and environment into Spring properties. */
    static void up(String[] args) {
        List<String> springArgs = new ArrayList<>();
        env("ENTENTE_DB_URL").ifPresent(v -> springArgs.add("--entente.db-url=" + v));
        env("ENTENTE_DB_USER").ifPresent(v -> springArgs.add("--entente.db-user=" + v));
        env("ENTENTE_DB_PASSWORD").ifPresent(v -> springArgs.add("--entente.db-password=" + v));
        env("ENTENTE_ADMIN_TOKEN").ifPresent(v -> springArgs.add("--entente.admin-token=" + v));
        env("ENTENTE_HOME").ifPresent(v -> springArgs.add("--entente.home=" + v));
        springArgs.addAll(logFormat(System.getenv("ENTENTE_LOG_FORMAT"), org.entente.node.Terminal.interactive()));
        boolean demo = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--port" -> springArgs.add("--server.port=" + required(a, value, i++));
                case "--home" -> springArgs.add("--entente.home=" + required(a, value, i++));
                case "--db-url" -> springArgs.add("--entente.db-url=" + required(a, value, i++));
                case "--demo" -> demo = true;
                case "-h", "--help" -> {
                    System.out.println(Cli.USAGE);
                    return;
                }
                default -> {
                    if (a.startsWith("--") && a.contains("=")) {
                        springArgs.add(a); // any Spring property, e.g. --logging.level.root=debug
                    } else {
                        System.err.println("entente up: unknown option " + a);
                        System.exit(2);
                    }
                }
            }
        }
        if (demo) {
            springArgs.addAll(demoArguments(springArgs));
        }
        SpringApplication.run(EntenteNode.class, springArgs.toArray(String[]::new));
    }

    /**
     * {@code --demo}: load the sample community of the seeds on first start (org.entente.demo), with
     * this node operated by China's ministry of defence (the 2025 chair) unless said otherwise.
     */
    static List<String> demoArguments(List<String> given) {
        List<String> out = new ArrayList<>(List.of("--entente.demo=true"));
        if (given.stream().noneMatch(a -> a.startsWith("--entente.participant="))) {
            out.add("--entente.participant=China");
        }
        if (given.stream().noneMatch(a -> a.startsWith("--entente.organisation="))) {
            out.add("--entente.organisation=CN Ministry of National Defence");
        }
        return out;
    }

    /**
     * Log lines as JSON (Elastic Common Schema, with the request id) unless a person reads them on a
     * terminal; {@code ENTENTE_LOG_FORMAT} chooses: {@code ecs}, {@code logstash}, {@code gelf} or {@code text}.
     */
    static List<String> logFormat(String requested, boolean terminal) {
        String format = requested == null || requested.isBlank() ? (terminal ? "text" : "ecs") : requested.trim();
        return switch (format) {
            case "text" -> List.of();
            case "ecs", "logstash", "gelf" -> List.of("--logging.structured.format.console=" + format);
            default -> throw new IllegalArgumentException("ENTENTE_LOG_FORMAT must be ecs, logstash, gelf or text");
        };
    }

    private static String required(String option, String value, int index) {
        if (value == null || value.startsWith("--")) {
            System.err.println("entente up: " + option + " needs a value");
            System.exit(2);
        }
        return value;
    }

    private static java.util.Optional<String> env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(v);
    }
}
