package org.entente.correlation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.entente.correlation.index.IndicatorIndex;
import org.entente.correlation.index.Warninglists;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Warninglists: values that are common and harmless (public resolvers, big CDNs, documentation
 * ranges) and would otherwise make indicators match everything. Built-in lists ship with the code;
 * administrators add their own, kept in PostgreSQL (table {@code correlation_warninglist}, V9) and
 * loaded next to the built-in ones at startup. A suppressed match is reported with the list and its
 * reason, never turned into a sighting.
 */
@Component
public class WarninglistRegistry {

    private static final Logger log = LoggerFactory.getLogger(WarninglistRegistry.class);

    /** One list as the API shows it; {@code values} only for one administrator's list read by name. */
    public record Listing(String name, String reason, int size, boolean builtIn, List<String> values) {
    }

    /** Deleting a built-in list is refused. */
    public static class BuiltInList extends RuntimeException {
        BuiltInList(String name) {
            super("the warninglist '" + name + "' is built in and cannot be deleted or replaced");
        }
    }

    private final JdbcClient jdbc;
    private final Warninglists lists = Warninglists.builtIn();
    private final Set<String> builtIn;
    private volatile IndicatorIndex index; // the catalog's, made by newIndex()

    WarninglistRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.builtIn = Set.copyOf(lists.lists().stream().filter(Warninglists.ListInfo::builtIn).map(Warninglists.ListInfo::name).toList());
        jdbc.sql("select name, reason, entries from correlation_warninglist order by name")
                .query((rs, n) -> {
                    String name = rs.getString(1);
                    if (builtIn.contains(name)) {
                        log.warn("warninglist '{}' in the database has a built-in list's name; ignored", name);
                    } else {
                        lists.load(name, rs.getString(2), Arrays.asList((String[]) rs.getArray(3).getArray()));
                    }
                    return name;
                }).list();
    }

    IndicatorIndex newIndex() {
        IndicatorIndex index = new IndicatorIndex(lists);
        this.index = index;
        return index;
    }

    /** After a list changed: the index marks again which of its exact values no list holds (a fast path). */
    private void listsChanged() {
        IndicatorIndex i = index;
        if (i != null) {
            i.warninglistsChanged();
        }
    }

    /** Every list, in the order they are consulted (built-in first). */
    public List<Listing> list() {
        List<Listing> out = new ArrayList<>();
        for (var l : lists.lists()) {
            out.add(new Listing(l.name(), l.reason(), l.size(), builtIn.contains(l.name()), null));
        }
        return out;
    }

    /** One list; an administrator's list with its values. */
    public Optional<Listing> get(String name) {
        Optional<Listing> listed = list().stream().filter(l -> l.name().equals(name)).findFirst();
        if (listed.isEmpty() || listed.get().builtIn()) {
            return listed;
        }
        List<String> values = jdbc.sql("select entries from correlation_warninglist where name = ?").param(name)
                .query((rs, n) -> Arrays.asList((String[]) rs.getArray(1).getArray())).optional().orElse(List.of());
        Listing l = listed.get();
        return Optional.of(new Listing(l.name(), l.reason(), l.size(), false, values));
    }

    /** Creates or replaces an administrator's list; answers whether it was new. */
    @Transactional
    public boolean put(String name, String reason, List<String> values, String actor) {
        if (builtIn.contains(name)) {
            throw new BuiltInList(name);
        }
        List<String> distinct = List.copyOf(new LinkedHashSet<>(values.stream().map(String::strip).filter(v -> !v.isEmpty()).toList()));
        int updated = jdbc.sql("update correlation_warninglist set reason = ?, entries = ?, updated_by = ?, updated_at = now() where name = ?")
                .params(reason, distinct.toArray(String[]::new), actor, name).update();
        if (updated == 0) {
            jdbc.sql("insert into correlation_warninglist (name, reason, entries, updated_by) values (?, ?, ?, ?)")
                    .params(name, reason, distinct.toArray(String[]::new), actor).update();
        }
        lists.load(name, reason, distinct);
        listsChanged();
        log.info("warninglist '{}' {} by {}: {} values", name, updated == 0 ? "added" : "replaced", actor, distinct.size());
        return updated == 0;
    }

    /** Deletes an administrator's list; false when there is none by that name. */
    @Transactional
    public boolean delete(String name, String actor) {
        if (builtIn.contains(name)) {
            throw new BuiltInList(name);
        }
        int deleted = jdbc.sql("delete from correlation_warninglist where name = ?").param(name).update();
        if (deleted > 0) {
            lists.unload(name);
            listsChanged();
            log.info("warninglist '{}' deleted by {}", name, actor);
        }
        return deleted > 0;
    }
}
