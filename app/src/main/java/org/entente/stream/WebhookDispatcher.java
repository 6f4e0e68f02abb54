package org.entente.stream;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Ids.UserId;
import org.entente.intel.IntelDeleted;
import org.entente.intel.IntelStored;
import org.entente.intel.StoredVersion;
import org.entente.sharing.Decision;
import org.entente.sharing.SharingLabel;
import org.entente.sharing.SharingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers notifications to webhooks. A notification becomes one {@code webhook_delivery} row per
 * webhook whose filter matches and whose owner may see it (decided for the owner's rights then); a
 * worker then POSTs each due delivery, deciding the policy again for the owner's rights at that moment
 * (a delivery the owner may no longer see is {@code withheld}, never sent). A failed attempt (connection
 * error, timeout, 5xx, 408, 429) is retried after {@code retry-base}, then twice as long each time, up to
 * {@code max-attempts}; other 4xx answers fail at once. Every attempt is recorded. Rows are claimed with
 * a lease ({@code next_attempt_at} moved past the attempt's timeout), so an attempt cut short by a crash
 * is retried after a restart, under the same {@code X-Entente-Delivery} id. When a subject is relabelled or
 * deleted, its pending deliveries (about it, or naming it in their payload) are {@code withheld}, their
 * subject and payload forgotten: they were decided on the label it had when the notification was published.
 */
@Component
class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int CONCURRENT = 32;
    private static final long IDLE_MILLIS = 30_000;

    private final JdbcClient jdbc;
    private final Webhooks webhooks;
    private final Community community;
    private final SharingPolicy policy;
    private final SecretBox box;
    private final WebhookProperties properties;
    private final TransactionTemplate newTransaction;
    private final HttpClient http;
    private final WebhookEgress egress;
    private final Semaphore inFlight = new Semaphore(CONCURRENT);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private boolean signalled;
    private volatile boolean running;
    private Thread worker;

    WebhookDispatcher(JdbcClient jdbc, Webhooks webhooks, Community community, SharingPolicy policy, SecretBox box,
                      WebhookProperties properties, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.webhooks = webhooks;
        this.community = community;
        this.policy = policy;
        this.box = box;
        this.properties = properties;
        this.egress = WebhookEgress.of(properties);
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect is not a delivery, nor a way to elsewhere
                .connectTimeout(properties.timeout())
                .build();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(Notification n) {
        if (!DeliveryFilter.deliverable(n)) {
            return;
        }
        List<Webhooks.Hook> hooks = webhooks.all().stream().filter(h -> h.filter().matches(n)).toList();
        if (hooks.isEmpty()) {
            return;
        }
        Map<Long, Optional<Caller>> owners = new HashMap<>();
        String label = LabelJson.write(n.label());
        int queued = newTransaction.execute(tx -> {
            int count = 0;
            for (Webhooks.Hook h : hooks) {
                Optional<Caller> owner = owners.computeIfAbsent(h.owner(), id -> community.caller(new UserId(id)));
                if (owner.isEmpty() || !policy.decide(owner.get(), n.label()).allowed()) {
                    continue; // the owner may not see it: no delivery, not even a record of one
                }
                jdbc.sql("""
                                insert into webhook_delivery (id, webhook_id, event_kind, subject_id, subject_type, label, payload,
                                                              status, next_attempt_at)
                                values (?, ?, ?, ?, ?, ?::jsonb, ?, 'pending', now())""")
                        .params(UUID.randomUUID(), h.id(), n.kind(), n.subjectId(), n.subjectType(), label, n.payloadJson())
                        .update();
                count++;
            }
            return count;
        });
        if (queued > 0) {
            signal();
        }
    }

    /** A subject was relabelled: pending deliveries about it were decided on its former label. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(IntelStored event) {
        if (event.relabel()) {
            withhold(event.versions().stream().map(StoredVersion::id).distinct().toList());
        }
    }

    /** A subject was deleted: pending deliveries about it are not sent. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(IntelDeleted event) {
        withhold(List.of(event.id()));
    }

    /** Withholds the pending deliveries about these subjects; returns how many. */
    int withhold(List<String> subjectIds) {
        if (subjectIds.isEmpty()) {
            return 0;
        }
        String[] ids = subjectIds.toArray(String[]::new);
        Integer n = newTransaction.execute(tx -> jdbc.sql("""
                        update webhook_delivery set status = 'withheld', next_attempt_at = null,
                               subject_id = null, subject_type = null, payload = '',
                               last_error = 'withheld: its subject was relabelled or deleted after the notification'
                        where status = 'pending'
                          and (subject_id = any(?) or exists (select 1 from unnest(?::text[]) s where strpos(payload, s) > 0))""")
                .params(ids, ids).update());
        return n == null ? 0 : n;
    }

    private void signal() {
        lock.lock();
        try {
            signalled = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A delivery claimed for one attempt. */
    record Claimed(UUID id, long webhookId, String event, String label, String payload, int attempt, java.time.Instant created) {
    }

    private void run() {
        while (running) {
            try {
                int free = inFlight.availablePermits();
                List<Claimed> claimed = free == 0 ? List.of() : claim(Math.min(free, 16));
                for (Claimed c : claimed) {
                    inFlight.acquire();
                    Thread.ofVirtual().name("webhook-delivery").start(() -> {
                        try {
                            attempt(c);
                        } catch (RuntimeException e) {
                            log.error("webhook delivery {} attempt {} could not be completed; it is retried when its lease ends",
                                    c.id(), c.attempt(), e);
                        } finally {
                            inFlight.release();
                            signal();
                        }
                    });
                }
                if (claimed.isEmpty()) {
                    awaitWork();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("webhook dispatcher: {}; trying again shortly", e.toString());
                    sleepQuietly(2000);
                }
            }
        }
    }

    private void awaitWork() throws InterruptedException {
        long wait = IDLE_MILLIS;
        if (inFlight.availablePermits() > 0) {
            Optional<Timestamp> next = jdbc.sql("select min(next_attempt_at) from webhook_delivery where status = 'pending'")
                    .query(Timestamp.class).optional();
            if (next.isPresent()) {
                wait = Math.max(1, Math.min(wait, next.get().getTime() - System.currentTimeMillis()));
            }
        }
        lock.lock();
        try {
            if (!signalled) {
                work.await(wait, TimeUnit.MILLISECONDS);
            }
            signalled = false;
        } finally {
            lock.unlock();
        }
    }

    private List<Claimed> claim(int limit) {
        long lease = properties.timeout().toMillis() + 30_000;
        return jdbc.sql("""
                        update webhook_delivery d set attempts = d.attempts + 1, next_attempt_at = now() + ? * interval '1 millisecond'
                        from (select id from webhook_delivery where status = 'pending' and next_attempt_at <= now()
                              order by next_attempt_at limit ? for update skip locked) due
                        where d.id = due.id
                        returning d.id, d.webhook_id, d.event_kind, d.label::text, d.payload, d.attempts, d.created_at""")
                .params(lease, limit)
                .query((rs, n) -> new Claimed(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getTimestamp(7).toInstant()))
                .list();
    }

    /** One attempt: decide for the owner now, sign, POST, record. */
    void attempt(Claimed c) {
        Optional<Webhooks.Hook> hook = webhooks.hook(c.webhookId());
        if (hook.isEmpty()) {
            return; // deleted meanwhile, with its deliveries
        }
        if (!jdbc.sql("select status = 'pending' from webhook_delivery where id = ?").param(c.id()).query(Boolean.class)
                .optional().orElse(false)) {
            return; // withheld meanwhile (its subject was relabelled or deleted)
        }
        SharingLabel label = LabelJson.read(c.label());
        Optional<Caller> owner = community.caller(new UserId(hook.get().owner()));
        Decision decision = owner.<Decision>map(o -> policy.decide(o, label))
                .orElse(new Decision.Denied("permission", "the webhook's owner no longer exists"));
        Instant at = Instant.now();
        if (!decision.allowed()) {
            String why = decision instanceof Decision.Denied d ? "withheld by the " + d.policy() + " policy: " + d.reason() : "withheld";
            record(c, at, "withheld", null, 0, why, "withheld", null);
            return;
        }
        // Checked before every attempt: the name may resolve elsewhere now than when it was registered.
        // Not retried: an administrator's allowance (a restart) or the owner's new URL is what changes it.
        if (egress.decide(parseOrNull(hook.get().url())) instanceof WebhookEgress.Verdict.Refused(String reason)) {
            failed(c, at, "refused", null, 0, reason, false);
            return;
        }
        byte[] body = c.payload().getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(at.getEpochSecond());
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(hook.get().url()))
                    .timeout(properties.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Entente-Webhooks/1")
                    .header("X-Entente-Event", c.event())
                    .header("X-Entente-Delivery", c.id().toString())
                    .header("X-Entente-Timestamp", timestamp)
                    .header("X-Entente-Signature", "sha256=" + sign(box.open(hook.get().sealedSecret()), timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
        } catch (IllegalArgumentException e) {
            failed(c, at, "connection-error", null, 0, "the URL cannot be requested", true);
            return;
        }
        long t0 = System.nanoTime();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int ms = (int) ((System.nanoTime() - t0) / 1_000_000);
            int code = response.statusCode();
            if (code >= 200 && code < 300) {
                record(c, at, "delivered", code, ms, null, "delivered", null);
                if ("alert".equals(c.event())) {
                    AlertLatency.record("webhook", c.created());
                }
            } else {
                boolean retry = code >= 500 || code == 408 || code == 429;
                failed(c, at, "http-error", code, ms, code >= 300 && code < 400
                        ? "the receiver answered " + code + " (redirects are not followed)" : "the receiver answered " + code, retry);
            }
        } catch (HttpTimeoutException e) {
            failed(c, at, "timeout", null, (int) ((System.nanoTime() - t0) / 1_000_000),
                    "no answer within " + properties.timeout().toMillis() + " ms", true);
        } catch (ConnectException e) {
            failed(c, at, "connection-error", null, (int) ((System.nanoTime() - t0) / 1_000_000), "connection refused or unreachable", true);
        } catch (IOException e) {
            failed(c, at, "connection-error", null, (int) ((System.nanoTime() - t0) / 1_000_000),
                    "connection failed: " + DeliveryFilter.shorten(e.getClass().getSimpleName() + " " + e.getMessage()), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down: the lease runs out and the attempt is made again
        }
    }

    /** The stored URL as a URI; null (refused by the egress check, "names no host") if it no longer parses. */
    private static URI parseOrNull(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void failed(Claimed c, Instant at, String outcome, Integer code, int ms, String error, boolean retry) {
        if (retry && c.attempt() < properties.maxAttempts()) {
            record(c, at, outcome, code, ms, error, "pending", properties.backoff(c.attempt()).toMillis());
        } else {
            record(c, at, outcome, code, ms, retry ? error + "; gave up after " + c.attempt() + " attempts" : error, "failed", null);
        }
    }

    private void record(Claimed c, Instant at, String outcome, Integer code, int ms, String error, String status, Long retryInMillis) {
        newTransaction.executeWithoutResult(tx -> {
            jdbc.sql("""
                            insert into webhook_attempt (delivery_id, attempt, at, outcome, status_code, duration_ms, error)
                            values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                    .params(c.id(), c.attempt(), Timestamp.from(at), outcome, code, ms, error).update();
            jdbc.sql("""
                            update webhook_delivery set status = ?, last_error = ?,
                                   delivered_at = case when ? = 'delivered' then now() else delivered_at end,
                                   next_attempt_at = case when ?::bigint is null then null else now() + ?::bigint * interval '1 millisecond' end
                            where id = ? and status = 'pending' -- not once withheld meanwhile
                    """)
                    .params(status, "delivered".equals(status) ? null : error, status, retryInMillis, retryInMillis, c.id()).update();
        });
    }

    /** {@code hex(HMAC-SHA256(secret, timestamp + "." + body))}; the key is the secret's UTF-8 bytes. */
    static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofVirtual().name("webhook-dispatcher").start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(5000);
                // Give attempts under way a moment; any still running are retried after their lease.
                if (inFlight.tryAcquire(CONCURRENT, 5, TimeUnit.SECONDS)) {
                    inFlight.release(CONCURRENT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
