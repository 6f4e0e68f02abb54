package org.entente.identity;

import java.io.PrintStream;

import org.entente.audit.AuditAction;
import org.entente.audit.AuditEvent;
import org.entente.audit.AuditLog;
import org.entente.community.Community;
import org.entente.community.Tier;
import org.entente.node.NodeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * First start of a node names its home participant and operator organisation (from settings) and
 * creates their administrator ({@code admin}, roles administrator and auditor). The API token comes from
 * {@code ENTENTE_ADMIN_TOKEN} when set (automation); otherwise one is generated and printed once, on
 * the console and never in the log, since only its hash is kept.
 */
@Component
class AdministratorBootstrap implements ApplicationRunner {

    static final String ADMIN = "admin";
    /** File under the node's home holding the generated administrator token for the local CLI. */
    public static final String LOCAL_CREDENTIAL = "admin.token";
    private static final Logger log = LoggerFactory.getLogger(AdministratorBootstrap.class);

    private final JdbcClient jdbc;
    private final ApiTokens tokens;
    private final NodeProperties node;
    private final PrintStream console;

    private final Community community;
    private final AuditLog audit;

    AdministratorBootstrap(JdbcClient jdbc, ApiTokens tokens, NodeProperties node, Community community, AuditLog audit) {
        this.jdbc = jdbc;
        this.community = community;
        this.audit = audit;
        this.tokens = tokens;
        this.node = node;
        this.console = System.out;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        Long existing = jdbc.sql("select id from app_user where username = ?").param(ADMIN).query(Long.class)
                .optional().orElse(null);
        String configured = node.adminToken();
        boolean hasConfigured = configured != null && !configured.isBlank();
        if (existing == null) {
            community.nameHome(node.participant(), Tier.byCode(node.tier()).orElseThrow(() ->
                    new IllegalStateException("entente.tier must be member, observer or dialogue-partner")), node.organisation());
            long id = community.addUser(ADMIN, community.organisations().stream()
                    .filter(o -> o.participant().equals(community.home().id())).findFirst().orElseThrow().id(),
                    java.util.Set.of("administrator", "auditor")).value();
            String token = hasConfigured ? configured : ApiTokens.newToken();
            tokens.register(id, token, hasConfigured ? "ENTENTE_ADMIN_TOKEN" : "first start");
            audit.record(new AuditEvent("system", AuditAction.PERMISSION_CHANGE, ADMIN, java.util.Map.of(
                    "change", "user-created", "userId", id, "roles", java.util.List.of("administrator", "auditor"))));
            audit.record(new AuditEvent("system", AuditAction.TOKEN_ISSUED, ADMIN,
                    java.util.Map.of("label", hasConfigured ? "ENTENTE_ADMIN_TOKEN" : "first start")));
            log.info("Created the administrator '{}'", ADMIN);
            if (!hasConfigured) {
                writeLocalCredential(token);
                if (org.entente.node.Terminal.interactive()) {
                    // To the terminal only, never through the logger: log files and collectors keep no token.
                    console.println();
                    console.println("  Administrator API token (shown once, keep it safe):");
                    console.println("    " + token);
                    console.println("  The CLI on this machine reads it from " + credentialFile() + " (owner-only).");
                    console.println();
                } else {
                    log.info("Administrator API token generated; output is not a terminal, so it is not printed:"
                            + " it is in {} (owner-only)", credentialFile());
                }
            }
        } else if (hasConfigured && tokens.register(existing, configured, "ENTENTE_ADMIN_TOKEN")) {
            audit.record(new AuditEvent("system", AuditAction.TOKEN_ISSUED, ADMIN, java.util.Map.of("label", "ENTENTE_ADMIN_TOKEN")));
            log.info("Registered the token from ENTENTE_ADMIN_TOKEN for '{}'", ADMIN);
        }
    }

    private java.nio.file.Path credentialFile() {
        return node.home().resolve(LOCAL_CREDENTIAL);
    }

    /**
     * Leaves the generated token where the local CLI finds it, readable by the owner only (like a
     * kubeconfig): the node itself keeps only the hash. Delete the file to keep no copy on disk.
     */
    private void writeLocalCredential(String token) {
        var file = credentialFile();
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.deleteIfExists(file);
            java.nio.file.Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            java.nio.file.Files.writeString(file, token + "\n");
        } catch (java.io.IOException | UnsupportedOperationException e) {
            log.warn("Could not write {}: {}", file, e.getMessage());
        }
    }
}
