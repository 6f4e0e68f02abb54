package org.entente.taxii;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Permission;
import org.entente.intel.TaxiiQuery;
import org.entente.sharing.Audience;
import org.springframework.stereotype.Service;

/**
 * The collections a node offers a caller: everything they may see (read-only); one per task force
 * their participant belongs to (read, and write when they may release to it); and an inbox (what
 * their organisation owns; writes stay in their organisation). Ids are name-based UUIDs, stable
 * across restarts and nodes.
 */
@Service
public class TaxiiCollections {

    private static final UUID NAMESPACE = UUID.fromString("7f1c6b8e-3f4a-5d2e-9a61-0c7e5e1e7a11");

    private static final UUID EVERYTHING = uuid("everything");
    private static final UUID INBOX = uuid("inbox");

    /** A task force's collection id, by task force id: the SHA-1 is not worth computing on every request. */
    private static final java.util.concurrent.ConcurrentMap<Long, UUID> TASK_FORCE_IDS = new java.util.concurrent.ConcurrentHashMap<>();

    private final Community community;

    TaxiiCollections(Community community) {
        this.community = community;
    }

    public List<TaxiiCollection> forCaller(Caller caller) {
        boolean reads = caller.has(Permission.INTEL_READ);
        boolean writes = caller.has(Permission.INTEL_WRITE);
        List<TaxiiCollection> out = new ArrayList<>();
        out.add(new TaxiiCollection(EVERYTHING, "Everything you may see",
                "Every object this node may disclose to you, under the community's sharing policy.",
                reads, false, new TaxiiQuery.Scope.Everything(), Optional.empty()));
        for (Community.TaskForce tf : community.taskForces()) {
            if (tf.members().contains(caller.participant())) {
                boolean canWrite = writes && caller.has(Permission.INTEL_PUBLISH);
                out.add(new TaxiiCollection(TASK_FORCE_IDS.computeIfAbsent(tf.id().value(), id -> uuid("task-force:" + id)),
                        "Task force: " + tf.name(),
                        "Intelligence shared with the task force '" + tf.name() + "' (" + tf.mandate() + ").",
                        reads, canWrite, new TaxiiQuery.Scope.SharedWithTaskForce(tf.id()),
                        Optional.of(new Audience.TaskForce(tf.id()))));
            }
        }
        out.add(new TaxiiCollection(INBOX, "Inbox",
                "Objects your organisation owns. Objects added here stay within your organisation until shared.",
                reads, writes, new TaxiiQuery.Scope.OwnedBy(caller.organisation()), Optional.of(new Audience.OwnOrganisation())));
        return out;
    }

    /** A collection of the caller's, by id; other collections do not exist for them. */
    public Optional<TaxiiCollection> find(Caller caller, String id) {
        return forCaller(caller).stream().filter(c -> c.id().toString().equalsIgnoreCase(id)).findFirst();
    }

    static UUID uuid(String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(toBytes(NAMESPACE));
            byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            long msb = 0;
            long lsb = 0;
            for (int i = 0; i < 8; i++) {
                msb = (msb << 8) | (h[i] & 0xff);
                lsb = (lsb << 8) | (h[i + 8] & 0xff);
            }
            return new UUID(msb, lsb);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] toBytes(UUID u) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (u.getMostSignificantBits() >>> (56 - 8 * i));
            b[i + 8] = (byte) (u.getLeastSignificantBits() >>> (56 - 8 * i));
        }
        return b;
    }
}
