package org.entente.community;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.ParticipantId;
import org.entente.community.Ids.TaskForceId;
import org.entente.community.Ids.UserId;
import org.entente.node.Cluster;
import org.entente.stix.Tlp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The community as this node knows it: participants, organisations, users, task forces, ceilings. */
@Service
public class Community {

    /**
     * How long a cached ceiling table or task-force list may be used at most. Every change made through
     * this class invalidates them at once (see {@link Generation}); the limit only bounds how long a
     * change made outside the node's code (by hand in the database) can go unseen.
     */
    public static final java.time.Duration CACHE_TTL = java.time.Duration.ofSeconds(5);

    /**
     * The cluster topic on which instances announce changes to what callers are made of (the body
     * names what changed, for logs only): every instance's callers, ceilings and task forces reload.
     */
    public static final String CHANGED = "community-changed";

    private final JdbcClient jdbc;
    private final Generation generation;
    private final Memo<Map<Tier, Tlp>> ceilings;
    private final Memo<List<TaskForce>> taskForces;

    Community(JdbcClient jdbc, Cluster cluster) {
        this.jdbc = jdbc;
        this.generation = new Generation(() -> cluster.publish(CHANGED, "community"));
        this.ceilings = new Memo<>(generation, CACHE_TTL.toNanos());
        this.taskForces = new Memo<>(generation, CACHE_TTL.toNanos());
        // Another instance committed a change (its own announcement needs nothing: advance() moved it).
        cluster.subscribe(CHANGED, m -> {
            if (!m.fromHere()) {
                generation.moved();
            }
        });
        // Announcements may have been missed while the listener was away: drop everything cached.
        cluster.onGap(generation::moved);
    }

    /**
     * Moves whenever something that decides who a caller is, or what a tier may receive, changes
     * through this class (participants and tiers, organisations, users, task forces and their members,
     * ceilings). Caches of callers built from the community (identity's) are current only while it
     * reads as it did when they loaded.
     */
    public long generation() {
        return generation.current();
    }

    private void changed() {
        generation.advance();
    }

    public record Participant(ParticipantId id, String name, Tier tier, boolean home) {
    }

    public record Organisation(OrganisationId id, ParticipantId participant, String name) {
    }

    public record TaskForce(TaskForceId id, String name, String mandate, Set<ParticipantId> members) {
        public TaskForce {
            members = Set.copyOf(members);
        }
    }

    /** The caller behind a user id, with permissions and task forces resolved. */
    public Optional<Caller> caller(UserId user) {
        return jdbc.sql("""
                        select u.id, u.username, o.id, p.id, p.tier,
                               array(select distinct rp.permission from role_permission rp where rp.role = any (u.roles)),
                               array(select m.task_force_id from task_force_member m where m.participant_id = p.id)
                        from app_user u join organisation o on o.id = u.organisation_id join participant p on p.id = o.participant_id
                        where u.id = ?""")
                .param(user.value())
                .query((rs, n) -> new Caller(new UserId(rs.getLong(1)), rs.getString(2), new OrganisationId(rs.getLong(3)),
                        new ParticipantId(rs.getLong(4)), Tier.byCode(rs.getString(5)).orElseThrow(),
                        longs(rs.getArray(7)).stream().map(TaskForceId::new).collect(Collectors.toSet()),
                        strings(rs.getArray(6)).stream().map(Permission::byCode).flatMap(Optional::stream)
                                .collect(Collectors.toSet())))
                .optional();
    }

    public List<Participant> participants() {
        return jdbc.sql("select id, name, tier, is_home from participant order by id")
                .query((rs, n) -> new Participant(new ParticipantId(rs.getLong(1)), rs.getString(2),
                        Tier.byCode(rs.getString(3)).orElseThrow(), rs.getBoolean(4)))
                .list();
    }

    public List<Organisation> organisations() {
        return jdbc.sql("select id, participant_id, name from organisation order by id")
                .query((rs, n) -> new Organisation(new OrganisationId(rs.getLong(1)), new ParticipantId(rs.getLong(2)), rs.getString(3)))
                .list();
    }

    /** Every task force with its members (cached: see {@link #CACHE_TTL}). */
    public List<TaskForce> taskForces() {
        return taskForces.get(this::loadTaskForces);
    }

    private List<TaskForce> loadTaskForces() {
        return List.copyOf(jdbc.sql("""
                        select t.id, t.name, t.mandate, array(select m.participant_id from task_force_member m where m.task_force_id = t.id)
                        from task_force t order by t.id""")
                .query((rs, n) -> new TaskForce(new TaskForceId(rs.getLong(1)), rs.getString(2), rs.getString(3),
                        longs(rs.getArray(4)).stream().map(ParticipantId::new).collect(Collectors.toSet())))
                .list());
    }

    public Optional<TaskForce> taskForce(TaskForceId id) {
        return taskForces().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public Optional<Organisation> organisation(OrganisationId id) {
        return organisations().stream().filter(o -> o.id().equals(id)).findFirst();
    }

    public Participant home() {
        return participants().stream().filter(Participant::home).findFirst().orElseThrow();
    }

    /** The highest TLP each tier may receive (cached: see {@link #CACHE_TTL}). */
    public Map<Tier, Tlp> ceilings() {
        return ceilings.get(() -> {
            Map<Tier, Tlp> out = new EnumMap<>(Tier.class);
            jdbc.sql("select tier, max_tlp from tier_ceiling").query((rs, n) -> out.put(
                    Tier.byCode(rs.getString(1)).orElseThrow(), Tlp.values()[rs.getInt(2)])).list();
            return java.util.Collections.unmodifiableMap(out);
        });
    }

    @Transactional
    public ParticipantId addParticipant(String name, Tier tier) {
        changed();
        return new ParticipantId(jdbc.sql("insert into participant (name, tier) values (?, ?) returning id")
                .params(name, tier.code()).query(Long.class).single());
    }

    @Transactional
    public OrganisationId addOrganisation(ParticipantId participant, String name) {
        changed();
        return new OrganisationId(jdbc.sql("insert into organisation (participant_id, name) values (?, ?) returning id")
                .params(participant.value(), name).query(Long.class).single());
    }

    @Transactional
    public TaskForceId addTaskForce(String name, String mandate, Set<ParticipantId> members) {
        changed();
        long id = jdbc.sql("insert into task_force (name, mandate) values (?, ?) returning id")
                .params(name, mandate).query(Long.class).single();
        for (ParticipantId p : members) {
            jdbc.sql("insert into task_force_member (task_force_id, participant_id) values (?, ?)").params(id, p.value()).update();
        }
        return new TaskForceId(id);
    }

    /** Creates a user of an organisation with the given roles (role names, see table role_permission). */
    @Transactional
    public UserId addUser(String username, OrganisationId organisation, Set<String> roles) {
        Set<String> known = new HashSet<>(jdbc.sql("select distinct role from role_permission").query(String.class).list());
        for (String r : roles) {
            if (!known.contains(r)) {
                throw new IllegalArgumentException("unknown role '" + r + "'; known roles: " + known);
            }
        }
        changed();
        return new UserId(jdbc.sql("insert into app_user (username, organisation_id, roles) values (?, ?, ?) returning id")
                .params(username, organisation.value(), roles.toArray(String[]::new)).query(Long.class).single());
    }

    /**
     * Takes a participant out of a task force: its users no longer receive what is shared with it, from
     * their next request on. Returns whether it was a member.
     */
    @Transactional
    public boolean removeTaskForceMember(TaskForceId taskForce, ParticipantId participant) {
        changed();
        return jdbc.sql("delete from task_force_member where task_force_id = ? and participant_id = ?")
                .params(taskForce.value(), participant.value()).update() == 1;
    }

    /**
     * Records that users, roles or memberships changed outside this class (the identity module changes
     * users' roles): callers cached from the community must be rebuilt.
     */
    public void usersChanged() {
        changed();
    }

    /** Sets the highest TLP a tier may receive. */
    @Transactional
    public void setCeiling(Tier tier, Tlp max) {
        changed();
        jdbc.sql("update tier_ceiling set max_tlp = ? where tier = ?").params(max.ordinal(), tier.code()).update();
    }

    /** Sets the home participant's name and tier and its operator organisation's name (first start). */
    @Transactional
    public void nameHome(String participantName, Tier tier, String organisationName) {
        changed();
        jdbc.sql("update participant set name = ?, tier = ? where is_home").params(participantName, tier.code()).update();
        jdbc.sql("update organisation set name = ? where participant_id = (select id from participant where is_home)"
                + " and id = (select min(id) from organisation where participant_id = (select id from participant where is_home))")
                .param(organisationName).update();
    }

    private static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }

    private static List<Long> longs(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((Long[]) a.getArray());
    }
}
