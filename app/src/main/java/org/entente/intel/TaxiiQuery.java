package org.entente.intel;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.entente.community.Ids.OrganisationId;
import org.entente.community.Ids.TaskForceId;

/**
 * A page request over stored versions, in the shape TAXII 2.1 asks for (section 3.4 filtering,
 * 3.6 pagination): every part narrows the result; the caller's sharing policy always applies first.
 *
 * @param scope       which objects the collection shows
 * @param addedAfter  only versions added strictly after this instant (null: no bound)
 * @param after       paging cursor: only versions added strictly after this instant (null: first page)
 * @param ids         match[id] (empty: any)
 * @param types       match[type] (empty: any)
 * @param versions    match[version]: which versions of each object
 * @param specVersions match[spec_version] (empty: any)
 * @param limit       page size
 */
public record TaxiiQuery(Scope scope, Instant addedAfter, Instant after, List<String> ids, List<String> types,
                         VersionMatch versions, List<String> specVersions, int limit) {

    /** What a collection contains, before the caller's sharing policy narrows it. */
    public sealed interface Scope {
        /** Everything the caller may see. */
        record Everything() implements Scope {
        }

        /** What was shared with one task force. */
        record SharedWithTaskForce(TaskForceId taskForce) implements Scope {
        }

        /** What one organisation owns. */
        record OwnedBy(OrganisationId organisation) implements Scope {
        }
    }

    /**
     * match[version]: any combination of first, last, all and exact modified timestamps (version keys).
     * Default is last. "first"/"last" are among the versions the caller may see.
     */
    public record VersionMatch(boolean all, boolean first, boolean last, Set<String> exact) {
        public static final VersionMatch LAST = new VersionMatch(false, false, true, Set.of());
        public static final VersionMatch ALL = new VersionMatch(true, false, false, Set.of());
    }

    /**
     * One version in a page: its JSON as stored (UTF-8 bytes, exactly as the database returns the text,
     * so a page is written out without decoding or re-encoding it), when it was added, and its version
     * as TAXII states it: modified, or created for objects without modified (e.g. marking definitions);
     * null when it has neither (then date_added stands for it).
     */
    public record Item(String id, String versionKey, Instant dateAdded, byte[] json, String specVersion, String version) {
    }

    public record Page(List<Item> items, boolean more) {
    }
}
