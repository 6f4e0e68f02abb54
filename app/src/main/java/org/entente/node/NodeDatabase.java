package org.entente.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A node's database for tools that run beside the node, not inside it ({@code entente backup} and
 * {@code restore}): the external PostgreSQL when a URL is given, else the embedded one under the home.
 * When the node is running, its embedded server is reached on the port it recorded; when it is not,
 * the server is started here for the duration of the tool and stopped again.
 */
public final class NodeDatabase implements AutoCloseable {

    private final String url;
    private final String user;
    private final String password;
    private final EmbeddedDatabase started;
    private final boolean nodeRunning;

    private NodeDatabase(String url, String user, String password, EmbeddedDatabase started, boolean nodeRunning) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.started = started;
        this.nodeRunning = nodeRunning;
    }

    /**
     * Opens the database of the node at {@code home} (or {@code dbUrl} when not blank).
     *
     * @param startIfStopped whether to start the embedded server when no node runs on this home
     */
    public static NodeDatabase open(Path home, String dbUrl, String dbUser, String dbPassword, boolean startIfStopped) {
        if (dbUrl != null && !dbUrl.isBlank()) {
            return new NodeDatabase(dbUrl, dbUser, dbPassword, null, false);
        }
        OptionalInt port = runningEmbeddedPort(home);
        if (port.isPresent()) {
            // zonky's initdb trusts local connections for the postgres user; the server listens on loopback only.
            return new NodeDatabase("jdbc:postgresql://127.0.0.1:" + port.getAsInt() + "/postgres", "postgres", null, null, true);
        }
        if (!startIfStopped) {
            throw new IllegalStateException("no running node database under " + home);
        }
        EmbeddedDatabase db = EmbeddedDatabase.start(home);
        return new NodeDatabase(db.jdbcUrl(), null, null, db, false);
    }

    /** Whether the embedded PostgreSQL of a node on {@code home} is running (so the node probably is). */
    public boolean nodeRunning() {
        return nodeRunning;
    }

    public boolean external() {
        return started == null && !nodeRunning;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Connection connect() throws SQLException {
        if (user == null) {
            return DriverManager.getConnection(url);
        }
        return DriverManager.getConnection(url, user, password);
    }

    /** The port in {@code postmaster.pid} when the process it names is alive. */
    static OptionalInt runningEmbeddedPort(Path home) {
        Path pidFile = home.toAbsolutePath().normalize().resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return OptionalInt.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 4) {
                return OptionalInt.empty();
            }
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(lines.getFirst().trim()));
            if (process.isEmpty() || !process.get().isAlive()) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(Integer.parseInt(lines.get(3).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    @Override
    public void close() throws IOException {
        if (started != null) {
            started.close();
        }
    }
}
