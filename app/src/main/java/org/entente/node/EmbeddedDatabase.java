package org.entente.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The zero-configuration PostgreSQL: a real server from the embedded binaries, with its data under
 * the node's home so it survives restarts.
 *
 * <p>A node killed with SIGKILL leaves its PostgreSQL running (the JVM's shutdown hook never ran). On
 * the next start that orphan still owns the data directory, so it is asked to shut down first; the
 * server then recovers from its write-ahead log as after any crash, keeping every committed batch.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedDatabase start(Path home) {
        Path data = home.toAbsolutePath().normalize().resolve("postgres");
        try {
            Files.createDirectories(data);
            stopOrphan(data);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // zonky defaults to synchronous_commit=off (fine for tests, not for a node): an
                    // acknowledged import must survive a crash of PostgreSQL or the machine too.
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("max_wal_size", "2GB")
                    .setServerConfig("checkpoint_timeout", "15min")
                    .setServerConfig("max_connections", "100")
                    .start();
            log.info("Embedded PostgreSQL on port {} with data in {}", pg.getPort(), data);
            return new EmbeddedDatabase(pg);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the embedded PostgreSQL in " + data + ": " + e.getMessage(), e);
        }
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    private static void stopOrphan(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> orphan = lines.isEmpty() ? Optional.empty()
                : parsePid(lines.getFirst()).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                        .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true));
        if (orphan.isEmpty()) {
            return; // stale pid file: PostgreSQL itself will ignore it
        }
        log.warn("PostgreSQL {} from an earlier run still owns {}; shutting it down", orphan.get().pid(), data);
        ProcessHandle pg = orphan.get();
        pg.destroy(); // SIGTERM: smart shutdown; its clients died with the old JVM
        try {
            pg.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            pg.destroyForcibly();
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
