package org.entente.osint.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds the disagreements among claims (see {@link Conflict}). */
public final class Conflicts {

    private Conflicts() {
    }

    /**
     * Claims are grouped by subject and predicate. A group whose claims give two or more different values and come
     * from two or more sources is a conflict across sources; a source whose own claims in a group differ is also an
     * internal conflict. Claims that all agree are no conflict, however many sources repeat them.
     */
    public static List<Conflict> find(Collection<Claim> claims) {
        Map<String, List<Claim>> groups = new LinkedHashMap<>();
        for (Claim c : claims) {
            groups.computeIfAbsent(c.subject() + "#" + c.predicate(), k -> new ArrayList<>()).add(c);
        }
        List<Conflict> out = new ArrayList<>();
        for (List<Claim> group : groups.values()) {
            Claim first = group.getFirst();
            Set<String> values = new LinkedHashSet<>();
            Set<String> sources = new LinkedHashSet<>();
            Map<String, List<Claim>> bySource = new LinkedHashMap<>();
            for (Claim c : group) {
                values.add(c.comparable());
                sources.add(c.source());
                bySource.computeIfAbsent(c.source(), k -> new ArrayList<>()).add(c);
            }
            if (values.size() > 1 && sources.size() > 1) {
                out.add(new Conflict(first.subject(), first.subjectName(), first.predicate(), false, group));
            }
            for (List<Claim> own : bySource.values()) {
                if (own.stream().map(Claim::comparable).distinct().count() > 1) {
                    out.add(new Conflict(first.subject(), first.subjectName(), first.predicate(), true, own));
                }
            }
        }
        return out;
    }
}
