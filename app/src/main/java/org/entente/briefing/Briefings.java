package org.entente.briefing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import org.entente.audit.AuditAction;
import org.entente.audit.AuditEvent;
import org.entente.audit.AuditLog;
import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Ids.UserId;
import org.entente.community.Permission;
import org.entente.intel.ImportLabel;
import org.entente.intel.ImportSummary;
import org.entente.intel.StixStore;
import org.entente.intel.StoredObject;
import org.entente.sharing.Audience;
import org.entente.sharing.SharingLabel;
import org.entente.sharing.SharingPolicy;
import org.entente.stix.StixId;
import org.entente.stix.StixJson;
import org.entente.stix.Tlp;
import org.entente.stream.Notification;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Task-force intelligence briefings: a STIX {@code report} of what is new in a task force's scope since
 * its previous briefing and visible to every current member, stored through the store for the task
 * force, rendered as HTML and PDF. The rule (docs/COORDINATION.md, "Briefings"):
 * <ul>
 *   <li><b>new</b>: the object received a version in {@code (previous period_end, store clock now]}
 *   (date_added; a relabel does not make an object new); its latest version is the one judged;</li>
 *   <li><b>scope</b>: that version is shared with this task force, or owned by one of its member
 *   participants (whatever the audience);</li>
 *   <li><b>visible to all</b>: {@link SharingPolicy#recipients} of its label contains every
 *   organisation of every member participant (the intersection; one organisation missing excludes it);</li>
 *   <li>not revoked, not a briefing itself, not a marking or extension definition.</li>
 * </ul>
 * Nothing new: no briefing is produced (a STIX report needs at least one reference).
 */
@Service
public class Briefings {

    static final Set<String> NOT_BRIEFED = Set.of("marking-definition", "extension-definition", "language-content");
    private static final DateTimeFormatter STIX_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Briefings.class);
    private final JdbcClient jdbc;
    private final Community community;
    private final SharingPolicy policy;
    private final StixStore store;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final BriefingRenderer renderer;

    Briefings(JdbcClient jdbc, Community community, SharingPolicy policy, StixStore store, AuditLog audit,
              ApplicationEventPublisher events, PlatformTransactionManager transactions, BriefingRenderer renderer) {
        this.jdbc = jdbc;
        this.community = community;
        this.policy = policy;
        this.store = store;
        this.audit = audit;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.renderer = renderer;
    }

    /** A task force the caller's participant does not belong to answers like a missing one. */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** A briefing as listed: its row. */
    public record Briefing(long id, long taskForce, String reportId, Instant periodStart, Instant periodEnd,
                           Instant createdAt, String createdBy, String trigger, int objectCount, Map<String, Integer> counts) {
    }

    private Community.TaskForce memberTaskForce(Caller caller, long taskForce) {
        return community.taskForce(new TaskForceId(taskForce))
                .filter(t -> t.members().contains(caller.participant()))
                .orElseThrow(() -> new NotFound("no task force " + taskForce));
    }

    /** Generates a briefing now, owned by the caller's organisation; empty when nothing is new. */
    public Optional<Briefing> generate(Caller caller, long taskForce) {
        Community.TaskForce tf = memberTaskForce(caller, taskForce);
        return tx.execute(s -> compile(tf, caller, "manual", null)).flatMap(b -> forReader(caller, b));
    }

    /**
     * The briefing as this reader may see it: empty when the reader may not read its report; otherwise
     * {@code object_count} and {@code counts} computed over the referenced objects the reader may read
     * now (never the stored, compile-time counts: those would tell a reader about objects it cannot read).
     */
    private Optional<Briefing> forReader(Caller caller, Briefing b) {
        return store.latest(caller, StixId.parse(b.reportId())).map(r -> {
            Map<String, Integer> counts = new TreeMap<>();
            List<String> refs = readableRefs(caller, StixJson.MAPPER.readTree(r.json()));
            refs.forEach(ref -> counts.merge(ref.substring(0, ref.indexOf("--")), 1, Integer::sum));
            return new Briefing(b.id(), b.taskForce(), b.reportId(), b.periodStart(), b.periodEnd(), b.createdAt(),
                    b.createdBy(), b.trigger(), refs.size(), counts);
        });
    }

    /** The report's object_refs the reader may read now (through the store, so through the policy), in order. */
    private List<String> readableRefs(Caller caller, JsonNode report) {
        List<String> out = new ArrayList<>();
        for (JsonNode ref : report.path("object_refs")) {
            String id = ref.asString();
            StixId parsed;
            try {
                parsed = StixId.parse(id);
            } catch (RuntimeException e) {
                continue;
            }
            if (store.latest(caller, parsed).isPresent()) {
                out.add(id);
            }
        }
        return out;
    }

    /**
     * Compiles and stores one briefing inside the current transaction, holding the task force's
     * advisory lock so two compilations of one task force never overlap their periods.
     */
    private Optional<Briefing> compile(Community.TaskForce tf, Caller owner, String trigger, Instant dueAt) {
        jdbc.sql("select pg_advisory_xact_lock(?, ?)").params(0x42524946, (int) tf.id().value()).query(Object.class).list();
        Instant after = jdbc.sql("select max(period_end) from briefing where task_force_id = ?").param(tf.id().value())
                .query(Timestamp.class).optional().map(Timestamp::toInstant).orElse(Instant.EPOCH);
        Instant upTo = store.clock();
        if (!upTo.isAfter(after)) {
            return Optional.empty();
        }
        Set<String> briefingReports = Set.copyOf(jdbc.sql("select report_id from briefing").query(String.class).list());
        List<OrganisationId> everyMemberOrg = community.organisations().stream()
                .filter(o -> tf.members().contains(o.participant())).map(Community.Organisation::id).toList();
        Map<SharingLabel, Boolean> visibleToAll = new HashMap<>();
        List<StixStore.Added> included = new ArrayList<>();
        store.addedBetween(after, upTo, a -> {
            if (a.revoked() || NOT_BRIEFED.contains(a.type()) || briefingReports.contains(a.id())) {
                return;
            }
            SharingLabel label = a.label();
            boolean inScope = (label.audience() instanceof Audience.TaskForce t && t.taskForce().equals(tf.id()))
                    || tf.members().contains(label.ownerParticipant());
            if (inScope && visibleToAll.computeIfAbsent(label, l -> policy.recipients(l).containsAll(everyMemberOrg))) {
                included.add(a);
            }
        });
        if (included.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Integer> counts = new TreeMap<>();
        Tlp tlp = Tlp.CLEAR;
        for (StixStore.Added a : included) {
            counts.merge(a.type(), 1, Integer::sum);
            if (a.label().tlp().isAbove(tlp)) {
                tlp = a.label().tlp();
            }
        }
        // RED reaches only named recipients: the report (ids only) goes to the task force at most at AMBER+STRICT;
        // every member may read each referenced object anyway, and readers see content through the store.
        if (tlp.isAbove(Tlp.AMBER_STRICT)) {
            tlp = Tlp.AMBER_STRICT;
        }
        Instant now = Instant.now();
        String reportId = "report--" + UUID.randomUUID();
        ObjectNode report = StixJson.MAPPER.createObjectNode();
        report.put("type", "report");
        report.put("spec_version", "2.1");
        report.put("id", reportId);
        report.put("created", STIX_TIME.format(now));
        report.put("modified", STIX_TIME.format(now));
        report.put("name", "Briefing of task force " + tf.name() + ", " + STIX_TIME.format(upTo).substring(0, 10));
        report.put("description", description(tf.name(), after, upTo, counts));
        report.put("published", STIX_TIME.format(now));
        report.putArray("report_types").add("threat-report");
        report.putArray("labels").add("entente-briefing");
        ArrayNode refs = report.putArray("object_refs");
        included.stream().map(StixStore.Added::id).sorted().forEach(refs::add);
        ImportSummary summary = store.ingest(new ByteArrayInputStream(StixJson.MAPPER.writeValueAsBytes(report)),
                new ImportLabel(owner, Optional.of(tlp), new Audience.TaskForce(tf.id())));
        if (summary.stored() != 1) {
            throw new IllegalStateException("the briefing report was not stored: " + summary);
        }
        long id = jdbc.sql("""
                insert into briefing (task_force_id, report_id, period_start, period_end, created_by, trigger, due_at,
                                      object_count, counts)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) returning id""")
                .params(tf.id().value(), reportId, Timestamp.from(after), Timestamp.from(upTo), owner.username(), trigger,
                        dueAt == null ? null : Timestamp.from(dueAt), included.size(), StixJson.MAPPER.writeValueAsString(counts))
                .query(Long.class).single();
        audit.record(new AuditEvent(owner.username(), AuditAction.BRIEFING, "briefing:" + id, Map.of(
                "taskForce", tf.id().value(), "report", reportId, "trigger", trigger, "objects", included.size(),
                "periodStart", after.toString(), "periodEnd", upTo.toString())));
        SharingLabel label = new SharingLabel(owner.organisation(), owner.participant(), tlp, new Audience.TaskForce(tf.id()));
        ObjectNode payload = StixJson.MAPPER.createObjectNode();
        payload.put("briefing", id);
        payload.put("task_force", tf.id().value());
        payload.put("report", reportId);
        payload.put("objects", included.size());
        payload.set("counts", StixJson.MAPPER.valueToTree(counts));
        events.publishEvent(new Notification("briefing", reportId, "report", label,
                StixJson.MAPPER.writeValueAsString(payload), now));
        return Optional.of(find(tf.id().value(), id).orElseThrow());
    }

    public List<Briefing> list(Caller caller, long taskForce) {
        memberTaskForce(caller, taskForce);
        return jdbc.sql(SELECT + " where task_force_id = ? order by id desc").param(taskForce).query(Briefings::row).list()
                .stream().map(b -> forReader(caller, b)).flatMap(Optional::stream).toList();
    }

    /** A briefing of a task force the caller belongs to, whose report the caller may read. */
    public Briefing briefing(Caller caller, long taskForce, long id) {
        memberTaskForce(caller, taskForce);
        Briefing b = find(taskForce, id).orElseThrow(() -> new NotFound("no briefing " + id));
        report(caller, b);
        return b;
    }

    /**
     * The briefing's STIX report for the caller: the stored report with {@code object_refs} narrowed to
     * the objects the caller may read now (the stored object stays as compiled). When references were
     * withheld, the description's per-type counts are recomputed over what is shown, so it tells no more.
     */
    public String reportJson(Caller caller, long taskForce, long id) {
        Briefing b = briefing(caller, taskForce, id);
        ObjectNode report = (ObjectNode) StixJson.MAPPER.readTree(report(caller, b).json());
        List<String> readable = readableRefs(caller, report);
        if (readable.size() != report.path("object_refs").size()) {
            ArrayNode refs = report.putArray("object_refs");
            readable.forEach(refs::add);
            Map<String, Integer> counts = new TreeMap<>();
            readable.forEach(ref -> counts.merge(ref.substring(0, ref.indexOf("--")), 1, Integer::sum));
            String tfName = community.taskForce(new TaskForceId(taskForce)).map(Community.TaskForce::name).orElse("?");
            report.put("description", description(tfName, b.periodStart(), b.periodEnd(), counts));
        }
        return StixJson.MAPPER.writeValueAsString(report);
    }

    private static String description(String tfName, Instant after, Instant upTo, Map<String, Integer> counts) {
        return "Intelligence new in the scope of task force " + tfName + " from "
                + (after.equals(Instant.EPOCH) ? "the beginning" : STIX_TIME.format(after)) + " to " + STIX_TIME.format(upTo)
                + " and visible to all its members: " + (counts.isEmpty() ? "nothing you may read" : counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))) + ".";
    }

    public String html(Caller caller, long taskForce, long id) {
        return renderer.html(model(caller, taskForce, id));
    }

    public byte[] pdf(Caller caller, long taskForce, long id) {
        return renderer.pdf(renderer.html(model(caller, taskForce, id)));
    }

    /** The hash-source of the one inline style of the HTML, for the response's Content-Security-Policy. */
    public String styleHash() {
        return renderer.styleHash();
    }

    private StoredObject report(Caller caller, Briefing b) {
        return store.latest(caller, StixId.parse(b.reportId())).orElseThrow(() -> new NotFound("no briefing " + b.id()));
    }

    /**
     * What the HTML shows: each referenced object as the store gives it to this reader (so a reader sees
     * no more than the sharing policy allows them today, whatever the briefing once referenced).
     */
    private BriefingRenderer.Model model(Caller caller, long taskForce, long id) {
        Briefing b = briefing(caller, taskForce, id);
        JsonNode report = StixJson.MAPPER.readTree(report(caller, b).json());
        Map<String, List<BriefingRenderer.Item>> sections = new TreeMap<>(BriefingRenderer.TYPE_ORDER);
        for (JsonNode ref : report.path("object_refs")) {
            store.latest(caller, StixId.parse(ref.asString())).ifPresent(o -> {
                JsonNode obj = StixJson.MAPPER.readTree(o.json());
                sections.computeIfAbsent(o.type(), t -> new ArrayList<>()).add(BriefingRenderer.item(obj));
            });
        }
        sections.values().forEach(l -> l.sort(java.util.Comparator.comparing(BriefingRenderer.Item::name)));
        String tfName = community.taskForce(new TaskForceId(taskForce)).map(Community.TaskForce::name).orElse("?");
        Map<String, Integer> shown = new LinkedHashMap<>();
        sections.forEach((k, v) -> shown.put(k, v.size()));
        return new BriefingRenderer.Model(report.path("name").asString(), tfName, b.periodStart().equals(Instant.EPOCH)
                ? "the beginning" : STIX_TIME.format(b.periodStart()), STIX_TIME.format(b.periodEnd()),
                STIX_TIME.format(b.createdAt()), b.reportId(), shown, sections);
    }

    // ---- schedule ----

    /** Bounds of a schedule's period. */
    public static final Duration MIN_EVERY = Duration.ofHours(1);
    public static final Duration MAX_EVERY = Duration.ofDays(366);

    /** Input that cannot be taken, naming where (an RFC 6901 pointer into the request body). */
    public static final class InvalidInput extends IllegalArgumentException {
        private final String pointer;

        public InvalidInput(String pointer, String message) {
            super(pointer + ": " + message);
            this.pointer = pointer;
        }

        public String pointer() {
            return pointer;
        }
    }

    /** A schedule: every {@code every}, next at {@code nextDue}. */
    public record Schedule(long taskForce, Duration every, Instant nextDue, String setBy) {
    }

    public Schedule setSchedule(Caller caller, long taskForce, Duration every, Instant first) {
        memberTaskForce(caller, taskForce);
        if (every.compareTo(MIN_EVERY) < 0 || every.compareTo(MAX_EVERY) > 0) {
            throw new InvalidInput("/every", "a period from " + MIN_EVERY + " (one hour) to " + MAX_EVERY + " (366 days)");
        }
        Instant now = Instant.now();
        if (first != null && (first.isBefore(Instant.EPOCH) || first.isAfter(now.plus(MAX_EVERY)))) {
            throw new InvalidInput("/first", "a time from 1970-01-01T00:00:00Z to at most 366 days from now");
        }
        Instant next = first == null ? now.plus(every) : first;
        return tx.execute(s -> {
            jdbc.sql("""
                    insert into briefing_schedule (task_force_id, every_seconds, next_due, owner_org, set_by)
                    values (?, ?, ?, ?, ?) on conflict (task_force_id) do update set every_seconds = excluded.every_seconds,
                      next_due = excluded.next_due, owner_org = excluded.owner_org, set_by = excluded.set_by, updated_at = now()""")
                    .params(taskForce, every.toSeconds(), Timestamp.from(next), caller.organisation().value(), caller.username())
                    .update();
            audit.record(new AuditEvent(caller.username(), AuditAction.BRIEFING, "briefing-schedule:" + taskForce,
                    Map.of("change", "schedule-set", "every", every.toString(), "nextDue", next.toString())));
            return schedule(caller, taskForce).orElseThrow();
        });
    }

    public Optional<Schedule> schedule(Caller caller, long taskForce) {
        memberTaskForce(caller, taskForce);
        return jdbc.sql("select task_force_id, every_seconds, next_due, set_by from briefing_schedule where task_force_id = ?")
                .param(taskForce).query((rs, n) -> new Schedule(rs.getLong(1), Duration.ofSeconds(rs.getLong(2)),
                        rs.getTimestamp(3).toInstant(), rs.getString(4))).optional();
    }

    /**
     * Runs every due schedule once. Each due row is taken with {@code FOR UPDATE SKIP LOCKED} and its
     * next_due advanced (past now: missed times are not replayed one by one) in the transaction that
     * compiles the briefing, so with several instances each due time runs exactly once; a failed
     * compilation rolls back and is retried at the next poll. Returns how many schedules ran.
     */
    int runDue() {
        int ran = 0;
        while (Boolean.TRUE.equals(tx.execute(s -> runOneDue()))) {
            ran++;
        }
        return ran;
    }

    private boolean runOneDue() {
        record Due(long taskForce, long every, Instant nextDue, long ownerOrg, String setBy) {
        }
        Optional<Due> due = jdbc.sql("""
                select task_force_id, every_seconds, next_due, owner_org, set_by from briefing_schedule
                where next_due <= now() order by next_due limit 1 for update skip locked""")
                .query((rs, n) -> new Due(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant(), rs.getLong(4),
                        rs.getString(5))).optional();
        if (due.isEmpty()) {
            return false;
        }
        Due d = due.get();
        Instant now = Instant.now();
        long every = Math.max(60, d.every());
        long behind = Math.max(0, now.getEpochSecond() - d.nextDue().getEpochSecond());
        // the first due time strictly after now, by arithmetic (no loop over missed periods)
        Instant next = d.nextDue().plusSeconds((behind / every + 1) * every);
        jdbc.sql("update briefing_schedule set next_due = ? where task_force_id = ?")
                .params(Timestamp.from(next), d.taskForce()).update();
        Optional<Community.TaskForce> tf = community.taskForce(new TaskForceId(d.taskForce()));
        if (tf.isEmpty()) {
            skip(d.taskForce(), d.setBy(), d.nextDue(), "the task force no longer exists");
            return true;
        }
        // Runs as the user who set the schedule, re-resolved now (current roles, organisation, memberships):
        // never with more rights than that user holds today.
        Optional<Caller> setter = jdbc.sql("select id from app_user where username = ?").param(d.setBy())
                .query(Long.class).optional().flatMap(u -> community.caller(new UserId(u)));
        String reason = setter.isEmpty() ? "the user who set the schedule no longer exists"
                : !tf.get().members().contains(setter.get().participant()) ? "the user who set the schedule is no longer of a member participant"
                : !setter.get().has(Permission.INTEL_PUBLISH) ? "the user who set the schedule no longer holds intel.publish"
                : null;
        if (reason != null) {
            skip(d.taskForce(), d.setBy(), d.nextDue(), reason);
            return true;
        }
        compile(tf.get(), setter.get(), "schedule", d.nextDue());
        return true;
    }

    /** A due run that is not made: logged and audited with why (the due time still advances). */
    private void skip(long taskForce, String setBy, Instant dueAt, String reason) {
        log.warn("briefing schedule of task force {} (set by {}) due {} skipped: {}", taskForce, setBy, dueAt, reason);
        audit.record(new AuditEvent("schedule:" + setBy, AuditAction.BRIEFING, "briefing-schedule:" + taskForce,
                Map.of("change", "schedule-skipped", "reason", reason, "dueAt", dueAt.toString())));
    }

    private static final String SELECT = """
            select id, task_force_id, report_id, period_start, period_end, created_at, created_by, trigger, object_count,
                   counts::text from briefing""";

    private Optional<Briefing> find(long taskForce, long id) {
        return jdbc.sql(SELECT + " where task_force_id = ? and id = ?").params(taskForce, id).query(Briefings::row).optional();
    }

    @SuppressWarnings("unchecked")
    private static Briefing row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Map<String, Integer> counts = new TreeMap<>();
        StixJson.MAPPER.readTree(rs.getString(10)).properties().forEach(e -> counts.put(e.getKey(), e.getValue().asInt()));
        return new Briefing(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getString(8),
                rs.getInt(9), counts);
    }
}
