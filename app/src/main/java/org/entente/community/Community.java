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
import org.entente.stix.Tlp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The community as this node knows it: participants, organisations, users, task forces, ceilings. */
@Service
public class Community {

    private final JdbcClient jdbc;

    Community(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Participant(ParticipantId id, String name, Tier tier, boolean home) {
    }

    public record Organisation(OrganisationId id, ParticipantId participant, String name) {
    }

    public record TaskForce(TaskForceId id, String name, String mandate, Set<ParticipantId> members) {
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

    public List<TaskForce> taskForces() {
        return jdbc.sql("""
                        select t.id, t.name, t.mandate, array(select m.participant_id from task_force_member m where m.task_force_id = t.id)
                        from task_force t order by t.id""")
                .query((rs, n) -> new TaskForce(new TaskForceId(rs.getLong(1)), rs.getString(2), rs.getString(3),
                        longs(rs.getArray(4)).stream().map(ParticipantId::new).collect(Collectors.toSet())))
                .list();
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

    /** The highest TLP each tier may receive. */
    public Map<Tier, Tlp> ceilings() {
        Map<Tier, Tlp> out = new EnumMap<>(Tier.class);
        jdbc.sql("select tier, max_tlp from tier_ceiling").query((rs, n) -> out.put(
                Tier.byCode(rs.getString(1)).orElseThrow(), Tlp.values()[rs.getInt(2)])).list();
        return out;
    }

    @Transactional
    public ParticipantId addParticipant(String name, Tier tier) {
        return new ParticipantId(jdbc.sql("insert into participant (name, tier) values (?, ?) returning id")
                .params(name, tier.code()).query(Long.class).single());
    }

    @Transactional
    public OrganisationId addOrganisation(ParticipantId participant, String name) {
        return new OrganisationId(jdbc.sql("insert into organisation (participant_id, name) values (?, ?) returning id")
                .params(participant.value(), name).query(Long.class).single());
    }

    @Transactional
    public TaskForceId addTaskForce(String name, String mandate, Set<ParticipantId> members) {
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
        return new UserId(jdbc.sql("insert into app_user (username, organisation_id, roles) values (?, ?, ?) returning id")
                .params(username, organisation.value(), roles.toArray(String[]::new)).query(Long.class).single());
    }

    /** Sets the highest TLP a tier may receive. */
    @Transactional
    public void setCeiling(Tier tier, Tlp max) {
        jdbc.sql("update tier_ceiling set max_tlp = ? where tier = ?").params(max.ordinal(), tier.code()).update();
    }

    /** Sets the home participant's name and tier and its operator organisation's name (first start). */
    @Transactional
    public void nameHome(String participantName, Tier tier, String organisationName) {
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
