package org.entente.stream;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.node.BadParameterException;
import org.entente.sharing.SharingPolicy;
import org.entente.stix.Tlp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Users' webhooks: registration (with a secret generated or supplied, returned once), listing,
 * removal, and the record of deliveries. The secret is sealed at rest ({@link SecretBox}) and appears
 * in no view, log line or {@code toString}.
 */
@Service
class Webhooks {

    static final int MAX_PER_USER = 50;
    static final int MAX_URL = 2048;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Community community;
    private final SharingPolicy policy;
    private final SecretBox box;
    private final WebhookEgress egress;

    Webhooks(JdbcClient jdbc, Community community, SharingPolicy policy, SecretBox box, WebhookProperties properties) {
        this.jdbc = jdbc;
        this.community = community;
        this.policy = policy;
        this.box = box;
        this.egress = WebhookEgress.of(properties);
    }

    /** A webhook as its owner sees it: never the secret. */
    record View(long id, String url, List<String> kinds, List<String> types, List<Long> taskForces, String tlp,
                Instant createdAt) {
    }

    /** A webhook with what delivery needs; the sealed secret stays sealed until an attempt signs. */
    record Hook(long id, long owner, String url, DeliveryFilter filter, byte[] sealedSecret) {
        @Override
        public String toString() {
            return "Hook[" + id + ", owner " + owner + ", " + url + "]";
        }
    }

    record Created(View webhook, String secret) {
        @Override
        public String toString() {
            return "Created[" + webhook + "]";
        }
    }

    record Attempt(int attempt, Instant at, String outcome, Integer statusCode, Integer durationMs, String error) {
    }

    /** A delivery as its owner sees it; subject id and type only while the owner may still see the subject. */
    record Delivery(UUID id, String event, String subjectId, String subjectType, String status, int attempts,
                    Instant createdAt, Instant nextAttemptAt, Instant deliveredAt, String lastError, List<Attempt> attemptLog) {
    }

    @Transactional
    Created create(Caller owner, String url, List<String> kinds, List<String> types, List<String> taskForces, String tlp,
                   String suppliedSecret) {
        String checkedUrl = checkUrl(url);
        if (egress.decide(URI.create(checkedUrl)) instanceof WebhookEgress.Verdict.Refused(String reason)) {
            throw new BadParameterException("url", "cannot be used: " + reason);
        }
        DeliveryFilter filter = DeliveryFilter.parse(kinds, types, taskForces, tlp == null ? null : List.of(tlp), community,
                new String[]{"kinds", "types", "taskForces", "tlp"});
        String secret = suppliedSecret == null ? newSecret() : checkSecret(suppliedSecret);
        int existing = jdbc.sql("select count(*) from webhook where owner_user_id = ?").param(owner.user().value())
                .query(Integer.class).single();
        if (existing >= MAX_PER_USER) {
            throw new BadParameterException("url", "cannot be registered: you have " + MAX_PER_USER
                    + " webhooks already; delete one first");
        }
        long id = jdbc.sql("""
                        insert into webhook (owner_user_id, url, kinds, stix_types, task_forces, max_tlp, secret_sealed)
                        values (?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(owner.user().value(), checkedUrl, filter.kinds().toArray(String[]::new), filter.types().toArray(String[]::new),
                        filter.taskForces().toArray(Long[]::new), filter.maxTlp().map(t -> (short) t.ordinal()).orElse(null),
                        box.seal(secret))
                .query(Long.class).single();
        return new Created(view(owner, id).orElseThrow(), secret);
    }

    List<View> list(Caller owner) {
        return jdbc.sql(SELECT_VIEW + " where owner_user_id = ? order by id").param(owner.user().value())
                .query(Webhooks::view).list();
    }

    Optional<View> view(Caller owner, long id) {
        return jdbc.sql(SELECT_VIEW + " where owner_user_id = ? and id = ?").params(owner.user().value(), id)
                .query(Webhooks::view).optional();
    }

    /** Deletes one of the owner's webhooks with its delivery record; false when the owner has no such webhook. */
    @Transactional
    boolean delete(Caller owner, long id) {
        return jdbc.sql("delete from webhook where owner_user_id = ? and id = ?").params(owner.user().value(), id).update() == 1;
    }

    /** Every webhook, for matching a notification. */
    List<Hook> all() {
        return jdbc.sql("select id, owner_user_id, url, kinds, stix_types, task_forces, max_tlp, secret_sealed from webhook")
                .query(Webhooks::hook).list();
    }

    Optional<Hook> hook(long id) {
        return jdbc.sql("select id, owner_user_id, url, kinds, stix_types, task_forces, max_tlp, secret_sealed from webhook where id = ?")
                .param(id).query(Webhooks::hook).optional();
    }

    /** The newest deliveries of one of the owner's webhooks, with their attempts. */
    List<Delivery> deliveries(Caller owner, long webhookId, int limit) {
        record Row(UUID id, String event, String subjectId, String subjectType, String label, String status, int attempts,
                   Instant createdAt, Instant nextAttemptAt, Instant deliveredAt, String lastError) {
        }
        List<Row> rows = jdbc.sql("""
                        select id, event_kind, subject_id, subject_type, label::text, status, attempts, created_at,
                               next_attempt_at, delivered_at, last_error
                        from webhook_delivery where webhook_id = ? order by created_at desc, id limit ?""")
                .params(webhookId, limit)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getInt(7), instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)),
                        instant(rs.getTimestamp(10)), rs.getString(11)))
                .list();
        Map<UUID, List<Attempt>> attempts = new LinkedHashMap<>();
        if (!rows.isEmpty()) {
            jdbc.sql("""
                            select delivery_id, attempt, at, outcome, status_code, duration_ms, error
                            from webhook_attempt where delivery_id = any (?) order by delivery_id, attempt""")
                    .param(rows.stream().map(Row::id).toArray(UUID[]::new))
                    .query((rs, n) -> attempts.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(new Attempt(rs.getInt(2), instant(rs.getTimestamp(3)), rs.getString(4),
                                    (Integer) rs.getObject(5), (Integer) rs.getObject(6), rs.getString(7))))
                    .list();
        }
        List<Delivery> out = new ArrayList<>();
        for (Row r : rows) {
            boolean visible = policy.decide(owner, LabelJson.read(r.label())).allowed();
            out.add(new Delivery(r.id(), r.event(), visible ? r.subjectId() : null, visible ? r.subjectType() : null, r.status(),
                    r.attempts(), r.createdAt(), "pending".equals(r.status()) ? r.nextAttemptAt() : null, r.deliveredAt(),
                    r.lastError(), attempts.getOrDefault(r.id(), List.of())));
        }
        return out;
    }

    /**
     * Only absolute http and https URLs with a host, no user name or password in them (they would sit in
     * the database and in the delivery record) and no fragment.
     */
    static String checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new BadParameterException("url", "is required: the http or https URL to POST notifications to");
        }
        if (url.length() > MAX_URL) {
            throw new BadParameterException("url", "may be at most " + MAX_URL + " characters long");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new BadParameterException("url", "is not a valid URL: '" + DeliveryFilter.shorten(url) + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new BadParameterException("url", "must be an http or https URL, not '" + DeliveryFilter.shorten(url) + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new BadParameterException("url", "must name a host, e.g. https://siem.example.org/entente");
        }
        if (uri.getRawUserInfo() != null) {
            throw new BadParameterException("url", "must not carry a user name or password; authenticate the deliveries by their signature");
        }
        if (uri.getRawFragment() != null) {
            throw new BadParameterException("url", "must not have a fragment (#...)");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new BadParameterException("url", "has an invalid port");
        }
        return uri.toString();
    }

    static String checkSecret(String secret) {
        if (secret.length() < 16 || secret.length() > 256 || secret.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new BadParameterException("secret", "must be 16 to 256 printable ASCII characters without spaces;"
                    + " leave it out to have one generated");
        }
        return secret;
    }

    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static final String SELECT_VIEW = "select id, url, kinds, stix_types, task_forces, max_tlp, created_at from webhook";

    private static View view(ResultSet rs, int n) throws SQLException {
        Number tlp = (Number) rs.getObject(6);
        return new View(rs.getLong(1), rs.getString(2), strings(rs.getArray(3)), strings(rs.getArray(4)), longs(rs.getArray(5)),
                tlp == null ? null : Tlp.values()[tlp.intValue()].label(), instant(rs.getTimestamp(7)));
    }

    private static Hook hook(ResultSet rs, int n) throws SQLException {
        Number tlp = (Number) rs.getObject(7);
        DeliveryFilter filter = new DeliveryFilter(Set.copyOf(strings(rs.getArray(4))), Set.copyOf(strings(rs.getArray(5))),
                Set.copyOf(longs(rs.getArray(6))), Optional.ofNullable(tlp).map(t -> Tlp.values()[t.intValue()]));
        return new Hook(rs.getLong(1), rs.getLong(2), rs.getString(3), filter, rs.getBytes(8));
    }

    private static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }

    private static List<Long> longs(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((Long[]) a.getArray());
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
