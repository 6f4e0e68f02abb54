package org.entente.node;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The instances of one node that share a PostgreSQL database, and what they tell each other through
 * it (see docs/adr/0008). Every instance is stateless apart from caches; what one instance changes,
 * the others learn from:
 *
 * <ul>
 * <li>{@link #publish}: a {@code NOTIFY} on one channel, sent in the caller's transaction (PostgreSQL
 * delivers it to every listening session when, and only if, that transaction commits) or at once
 * outside one. The payload carries a topic, the sending instance and a short body (ids, never content:
 * the receiver reads what it needs and applies its own policy), at most {@value #MAX_BODY} bytes.</li>
 * <li>{@link #subscribe}: handlers per topic, run in arrival order on one thread, for messages from
 * every instance including this one ({@link Message#fromHere()} tells).</li>
 * <li>{@link #onGap}: reconcilers run each time the listening connection (re)connects, including the
 * first time: while it was away notifications were lost (PostgreSQL keeps none for an absent
 * listener), so each reconciler re-reads what it keeps (caches drop everything, the catalog and the
 * stream catch up from the database).</li>
 * <li>{@link #tryLock}: session-level advisory locks for work that must run on one instance at a time
 * and spans transactions (a federation pull), held on one dedicated connection per instance.</li>
 * <li>{@link #alive}: whether an instance still runs (it holds an advisory lock named after itself on
 * that connection for as long as it lives), so work an instance left unfinished (a TAXII add) can be
 * told apart from work under way.</li>
 * </ul>
 *
 * <p>Both connections are opened outside the pool, with the pool's credentials and URL (or
 * {@code entente.db.session-url}): LISTEN and session locks need a session of their own (through
 * PgBouncer: session pooling, never transaction pooling), and they must not take two of the pool's
 * connections away from requests.
 */
@Component
public class Cluster implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Cluster.class);
    static final String CHANNEL = "entente_cluster";
    /** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; topic and instance take the rest. */
    public static final int MAX_BODY = 7_800;
    /** Advisory lock namespaces (first key of the two-int form, a space apart from the store's bigint locks). */
    /** Held by each instance on its lock session for as long as it runs: {@code (INSTANCE_LOCKS, instance as int)}. */
    public static final int INSTANCE_LOCKS = 0x454e5401; // "ENT" 1
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A message from an instance. */
    public record Message(String topic, String origin, String body, boolean fromHere) {
    }

    private final HikariDataSource pool;
    private final JdbcClient jdbc;
    private final int instanceKey = RANDOM.nextInt();
    private final String instance = HexFormat.of().toHexDigits(instanceKey);
    private final Map<String, List<Consumer<Message>>> handlers = new ConcurrentHashMap<>();
    private final List<Runnable> reconcilers = new CopyOnWriteArrayList<>();
    // Not final: a lifecycle may be stopped and started again (Spring's test context cache pauses idle contexts
    // that way), and a shut-down executor cannot be restarted, so start() makes a fresh one.
    private volatile ExecutorService dispatch = newDispatch();
    private final Object lockSession = new Object();
    private Connection locks;
    private volatile boolean running;
    private volatile boolean listening;
    private Thread listener;

    private final String sessionUrl;

    Cluster(HikariDataSource pool, JdbcClient jdbc, DbProperties db) {
        this.pool = pool;
        this.jdbc = jdbc;
        this.sessionUrl = db.sessionUrl() == null || db.sessionUrl().isBlank() ? null : db.sessionUrl();
    }

    /** This instance's name: random per start, eight hex digits. */
    public String instance() {
        return instance;
    }

    /** Whether the listening connection is up (messages from other instances arrive). */
    public boolean listening() {
        return listening;
    }

    public void subscribe(String topic, Consumer<Message> handler) {
        checkTopic(topic);
        handlers.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(handler);
    }

    /** Runs {@code reconcile} (on the dispatch thread) each time the listener connects: messages may have been missed. */
    public void onGap(Runnable reconcile) {
        reconcilers.add(reconcile);
    }

    /**
     * Tells every instance (this one too): inside a transaction when it commits (never if it rolls back),
     * outside one at once.
     */
    public void publish(String topic, String body) {
        checkTopic(topic);
        String payload = topic + "|" + instance + "|" + body;
        if (payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BODY + 64) {
            throw new IllegalArgumentException("cluster message body over " + MAX_BODY + " bytes: send ids and let receivers read");
        }
        jdbc.sql("select pg_notify(?, ?)").params(CHANNEL, payload).query((rs, n) -> 1).list();
    }

    private static void checkTopic(String topic) {
        if (topic.isEmpty() || topic.indexOf('|') >= 0) {
            throw new IllegalArgumentException("bad topic: " + topic);
        }
    }

    /** A session advisory lock this instance holds until {@link #close()}. */
    public final class Lock implements AutoCloseable {
        private final int space;
        private final int key;

        private Lock(int space, int key) {
            this.space = space;
            this.key = key;
        }

        @Override
        public void close() {
            synchronized (lockSession) {
                try {
                    if (locks != null && !locks.isClosed()) {
                        try (PreparedStatement ps = locks.prepareStatement("select pg_advisory_unlock(?, ?)")) {
                            ps.setInt(1, space);
                            ps.setInt(2, key);
                            ps.execute();
                        }
                    }
                } catch (SQLException e) {
                    // the session is gone, and its locks with it
                    dropLockSession();
                }
            }
        }
    }

    /**
     * Takes the advisory lock {@code (space, key)} for this instance if no other instance holds it; empty
     * when one does. One holder per instance too: callers keep their own in-process exclusion (a second
     * try from this instance would succeed, as PostgreSQL session locks are reentrant). If the lock
     * connection breaks, its locks go with it; work under such a lock must be safe to run twice.
     */
    public Optional<Lock> tryLock(int space, int key) {
        synchronized (lockSession) {
            try {
                Connection c = lockSession();
                try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
                    ps.setInt(1, space);
                    ps.setInt(2, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getBoolean(1) ? Optional.of(new Lock(space, key)) : Optional.empty();
                    }
                }
            } catch (SQLException e) {
                dropLockSession();
                throw new IllegalStateException("cluster lock unavailable: " + e.getMessage(), e);
            }
        }
    }

    /** Whether the instance named {@code name} still runs (this one always does). */
    public boolean alive(String name) {
        if (instance.equals(name)) {
            return true;
        }
        int key;
        try {
            key = HexFormat.fromHexDigits(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
        // Another session holds the instance's lock while it lives: try it from a pooled session.
        return Boolean.TRUE.equals(jdbc.sql("""
                        select case when pg_try_advisory_lock(?, ?) then not pg_advisory_unlock(?, ?) else true end""")
                .params(INSTANCE_LOCKS, key, INSTANCE_LOCKS, key).query(Boolean.class).single());
    }

    private Connection lockSession() throws SQLException {
        if (locks == null || locks.isClosed()) {
            Connection c = open("entente-locks-" + instance);
            try (PreparedStatement ps = c.prepareStatement("select pg_advisory_lock(?, ?)")) {
                ps.setInt(1, INSTANCE_LOCKS);
                ps.setInt(2, instanceKey);
                ps.execute();
            }
            locks = c;
        }
        return locks;
    }

    private void dropLockSession() {
        try {
            if (locks != null) {
                locks.close();
            }
        } catch (SQLException ignored) {
            // closing a broken connection
        }
        locks = null;
    }

    private Connection open(String applicationName) throws SQLException {
        Properties p = new Properties();
        if (pool.getUsername() != null) {
            p.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            p.setProperty("password", pool.getPassword());
        }
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("tcpKeepAlive", "true");
        Connection c = DriverManager.getConnection(sessionUrl != null ? sessionUrl : pool.getJdbcUrl(), p);
        c.setAutoCommit(true);
        return c;
    }

    private void listen() {
        long backoff = 250;
        while (running) {
            try (Connection c = open("entente-listen-" + instance); Statement s = c.createStatement()) {
                s.execute("listen " + CHANNEL);
                listening = true;
                backoff = 250;
                // Whatever was sent while no listener was connected is lost: let every keeper catch up.
                dispatch.execute(this::reconcile);
                PGConnection pg = c.unwrap(PGConnection.class);
                long nextCheck = 0;
                while (running) {
                    if (System.nanoTime() - nextCheck > 0) {
                        keepLockSession();
                        nextCheck = System.nanoTime() + 5_000_000_000L;
                    }
                    PGNotification[] ns = pg.getNotifications(500);
                    if (ns != null) {
                        for (PGNotification n : ns) {
                            received(n.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (running) {
                    log.warn("cluster listener lost its connection ({}); reconnecting, then catching up", e.toString());
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException ie) {
                        return;
                    }
                    backoff = Math.min(5_000, backoff * 2);
                }
            }
        }
        listening = false;
    }

    /**
     * The lock session carries this instance's liveness lock: if it broke, other instances would take
     * this one for gone (and fail its TAXII adds), so it is checked every few seconds and reopened.
     */
    private void keepLockSession() {
        synchronized (lockSession) {
            try {
                if (locks != null && !locks.isValid(2)) {
                    log.warn("cluster lock session lost; reopening it (its locks were released meanwhile)");
                    dropLockSession();
                }
                lockSession();
            } catch (SQLException e) {
                dropLockSession();
                log.warn("cluster lock session unavailable: {}", e.toString());
            }
        }
    }

    private void reconcile() {
        for (Runnable r : reconcilers) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("cluster reconcile failed: {}", e.toString());
            }
        }
    }

    private void received(String payload) {
        int a = payload.indexOf('|');
        int b = a < 0 ? -1 : payload.indexOf('|', a + 1);
        if (b < 0) {
            return;
        }
        String origin = payload.substring(a + 1, b);
        Message m = new Message(payload.substring(0, a), origin, payload.substring(b + 1), instance.equals(origin));
        List<Consumer<Message>> hs = handlers.get(m.topic());
        if (hs == null) {
            return;
        }
        dispatch.execute(() -> {
            for (Consumer<Message> h : hs) {
                try {
                    h.accept(m);
                } catch (RuntimeException e) {
                    log.warn("cluster message {} from {} not handled: {}", m.topic(), m.origin(), e.toString());
                }
            }
        });
    }

    private static ExecutorService newDispatch() {
        return Executors.newSingleThreadExecutor(Thread.ofVirtual().name("cluster-dispatch").factory());
    }

    @Override
    public void start() {
        if (dispatch.isShutdown()) {
            dispatch = newDispatch();
        }
        running = true;
        synchronized (lockSession) {
            try {
                lockSession(); // announce this instance as alive before it takes any work
            } catch (SQLException e) {
                log.warn("cluster lock session not available yet: {}", e.toString());
            }
        }
        listener = Thread.ofVirtual().name("cluster-listener").start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
            try {
                listener.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dispatch.shutdown();
        synchronized (lockSession) {
            dropLockSession();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the web server and the workers, stops after them. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
