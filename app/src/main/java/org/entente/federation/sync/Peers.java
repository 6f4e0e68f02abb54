package org.entente.federation.sync;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.entente.community.Ids.ParticipantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** This node's federation peers and their sync state (table federation_peer, V30). */
@Component
class Peers {

    record Peer(long id, String url, ParticipantId participant, String participantName, String fingerprint, Instant cursor,
                String state, Instant lastPullAt, Instant caughtUpAt, String lastError, Instant lastErrorAt, long received,
                long quarantined) {
    }

    private static final String SELECT = """
            select f.id, f.url, f.participant_id, p.name, f.fingerprint, f.cursor, f.state, f.last_pull_at, f.caught_up_at,
                   f.last_error, f.last_error_at, f.received, f.quarantined
            from federation_peer f join participant p on p.id = f.participant_id""";

    private final JdbcClient jdbc;

    Peers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Peer> all() {
        return jdbc.sql(SELECT + " order by f.id").query(Peers::peer).list();
    }

    Optional<Peer> byId(long id) {
        return jdbc.sql(SELECT + " where f.id = ?").param(id).query(Peers::peer).optional();
    }

    Optional<Peer> byParticipantName(String name) {
        return jdbc.sql(SELECT + " where p.name = ?").param(name).query(Peers::peer).optional();
    }

    long add(String url, ParticipantId participant, String fingerprint, String signingCertificate) {
        return jdbc.sql("insert into federation_peer (url, participant_id, fingerprint, signing_certificate) values (?, ?, ?, ?) returning id")
                .params(url, participant.value(), fingerprint, signingCertificate).query(Long.class).single();
    }

    /** A page was applied: the cursor moves, and a failure shown before is over (no stale last error). */
    void pulled(long peer, Instant cursor, boolean caughtUp, long received, long quarantined) {
        jdbc.sql("""
                update federation_peer set cursor = ?, last_pull_at = now(), received = received + ?, quarantined = quarantined + ?,
                       state = case when ? then 'in-sync' else 'syncing' end,
                       caught_up_at = case when ? then now() else caught_up_at end,
                       last_error = null, last_error_at = null
                where id = ?""")
                .params(java.sql.Timestamp.from(cursor), received, quarantined, caughtUp, caughtUp, peer).update();
    }

    void failed(long peer, String error) {
        jdbc.sql("update federation_peer set state = 'failing', last_error = ?, last_error_at = now() where id = ?")
                .params(error.length() > 500 ? error.substring(0, 500) : error, peer).update();
    }

    void quarantine(long peer, String objectId, String reason, String entry) {
        jdbc.sql("insert into federation_quarantine (peer_id, object_id, reason, entry) values (?, ?, ?, ?)")
                .params(peer, objectId, reason, entry).update();
    }

    /** One quarantined entry, as the administrator sees it (the entry itself stays in the table). */
    record Quarantined(long id, String peer, String objectId, String reason, Instant at) {
    }

    /** The latest quarantined entries, newest first. */
    List<Quarantined> quarantined(int limit) {
        return jdbc.sql("""
                select q.id, p.name, q.object_id, q.reason, q.at from federation_quarantine q
                join federation_peer f on f.id = q.peer_id join participant p on p.id = f.participant_id
                order by q.id desc limit ?""").param(limit)
                .query((rs, n) -> new Quarantined(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5)))
                .list();
    }

    /*
     * federation_sent (V30) keys rows by (participant, object_id text). Without a schema change this node
     * keeps two kinds of rows there, which can never collide (a STIX id has no '@' and no ':'):
     *  - "<id>@<version>": that version was released to that participant through the feed (per version, so
     *    that a narrowing revokes only what was sent; a bare "<id>" row is an older, per-object record);
     *  - "received-from:<id>@<version>": that peer's participant delivered a verified copy of that version to
     *    this node (so that it may revoke the object here, and so that a relay's revocation of a version the
     *    originator's node delivered itself is ignored). A bare "received-from:<id>" row is an older, per-object
     *    record whose versions are unknown: it counts as a delivery of every version (as it did before), so an
     *    upgrade takes no protection away; versions delivered since are recorded one by one.
     */

    static String sentKey(String id, String version) {
        return id + "@" + version;
    }

    private static final String RECEIVED_FROM = "received-from:";

    /** Remembers that a participant received these object versions ({@link #sentKey}), so that a narrowing revokes them. */
    void sent(ParticipantId participant, List<String> versions) {
        insertAll(participant, versions);
    }

    /** One statement for a page's rows, not one autocommitted insert per row. */
    private void insertAll(ParticipantId participant, java.util.Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.sql("insert into federation_sent (participant_id, object_id) select ?, k from unnest(?::text[]) as k on conflict do nothing")
                .params(participant.value(), keys.toArray(String[]::new)).update();
    }

    /** Whether the participant had received this version; forgets it (a revocation is sent once per grant). */
    boolean unsend(ParticipantId participant, String id, String version) {
        return jdbc.sql("delete from federation_sent where participant_id = ? and object_id in (?, ?)")
                .params(participant.value(), sentKey(id, version), id).update() > 0;
    }

    /**
     * The versions of the object the participant had received, forgotten (a revocation is sent once per
     * grant); a per-object record of an older node, whose versions are unknown, counts as {@code ""}.
     * Empty: it had received none.
     */
    List<String> unsendAll(ParticipantId participant, String id) {
        String prefix = id + "@";
        return jdbc.sql("delete from federation_sent where participant_id = ? and (object_id = ? or left(object_id, ?) = ?) "
                        + "returning object_id")
                .params(participant.value(), id, prefix.length(), prefix).query(String.class).list().stream()
                .map(k -> k.equals(id) ? "" : k.substring(prefix.length())).toList();
    }

    /**
     * The versions of the object the participant had received that are no longer stored here (one owner
     * among several deleted its versions), forgotten.
     */
    List<String> unsendGone(ParticipantId participant, String id, java.util.Collection<String> current) {
        String prefix = id + "@";
        return jdbc.sql("delete from federation_sent where participant_id = ? and left(object_id, ?) = ? "
                        + "and not (substr(object_id, ?) = any (?::text[])) returning substr(object_id, ?)")
                .params(participant.value(), prefix.length(), prefix, prefix.length() + 1, current.toArray(String[]::new),
                        prefix.length() + 1)
                .query(String.class).list();
    }

    /**
     * Of these object ids, those the participant was sent a version of (a label change of any other does not concern
     * it unless it may see the object now). One statement; like {@link #unsendAll}, it reads the participant's rows.
     */
    Set<String> receivedAmong(ParticipantId participant, java.util.Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("select distinct k from (select case when strpos(object_id, '@') > 0"
                        + " then left(object_id, strpos(object_id, '@') - 1) else object_id end as k from federation_sent"
                        + " where participant_id = ? and object_id not like 'received-from:%') s where k = any (?)")
                .params(participant.value(), ids.toArray(String[]::new)).query(String.class).list());
    }

    /**
     * Remembers that this peer's participant delivered (verified copies of) these object versions
     * ({@link #sentKey}) to this node.
     */
    void delivered(ParticipantId peer, java.util.Collection<String> versions) {
        insertAll(peer, versions.stream().map(v -> RECEIVED_FROM + v).toList());
    }

    /** Whether this peer's participant delivered a version of the object (any) to this node. */
    boolean deliveredBy(ParticipantId peer, String id) {
        String prefix = RECEIVED_FROM + id + "@";
        return jdbc.sql("select count(*) from federation_sent where participant_id = ? and (object_id = ? or left(object_id, ?) = ?)")
                .params(peer.value(), RECEIVED_FROM + id, prefix.length(), prefix).query(Long.class).single() > 0;
    }

    /**
     * Of these versions of the object (store version keys), those that this participant, if it is a paired
     * peer, delivered to this node itself: the originator's node revokes those here itself, so a relay's
     * revocation of them is not needed (and is not taken). Per version, because versions of one id can
     * arrive by different routes: one the originator's node never delivered here is revoked here only by the
     * relay that did. An older per-object record ({@code received-from:<id>}) counts for every version.
     */
    Set<String> deliveredByPeer(ParticipantId participant, String id, java.util.Collection<String> versionKeys) {
        if (versionKeys.isEmpty()) {
            return Set.of();
        }
        String whole = RECEIVED_FROM + id;
        String prefix = whole + "@";
        List<String> rows = jdbc.sql("""
                select s.object_id from federation_sent s where s.participant_id = ? and (s.object_id = ? or left(s.object_id, ?) = ?)
                    and exists (select 1 from federation_peer f where f.participant_id = s.participant_id)""")
                .params(participant.value(), whole, prefix.length(), prefix).query(String.class).list();
        if (rows.contains(whole)) {
            return Set.copyOf(versionKeys);
        }
        // Versions as the objects named them (their modified); compared by version key, as the store keys them.
        Set<String> delivered = rows.stream().map(r -> r.substring(prefix.length()))
                .flatMap(v -> org.entente.stix.StixTimestamp.tryParse(v).map(org.entente.stix.StixTimestamp::versionKey).stream())
                .collect(java.util.stream.Collectors.toSet());
        return versionKeys.stream().filter(delivered::contains).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private static Peer peer(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Peer(rs.getLong(1), rs.getString(2), new ParticipantId(rs.getLong(3)), rs.getString(4), rs.getString(5),
                instant(rs, 6), rs.getString(7), instant(rs, 8), instant(rs, 9), rs.getString(10), instant(rs, 11),
                rs.getLong(12), rs.getLong(13));
    }

    private static Instant instant(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        var t = rs.getObject(column, java.time.OffsetDateTime.class);
        if (t == null) {
            return null;
        }
        return t.toInstant();
    }
}
