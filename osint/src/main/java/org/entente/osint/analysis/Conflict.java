package org.entente.osint.analysis;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Claims about the same subject and predicate that disagree: across sources (one says eight members, another
 * ten), or within one source ({@code internal}: a list of ten members introduced as "eight members").
 */
public record Conflict(String subject, String subjectName, String predicate, boolean internal, List<Claim> claims) {

    public Conflict {
        claims = List.copyOf(claims);
    }

    /** Each value claimed, with the claims that give it, in order of first appearance. */
    public Map<String, List<Claim>> byValue() {
        Map<String, List<Claim>> out = new LinkedHashMap<>();
        for (Claim c : claims) {
            out.computeIfAbsent(c.comparable().equals(c.value()) ? c.value() : c.comparable(), k -> new java.util.ArrayList<>()).add(c);
        }
        return out;
    }

    public Set<String> sources() {
        Set<String> out = new LinkedHashSet<>();
        claims.forEach(c -> out.add(c.source()));
        return out;
    }

    /** A stable key for the conflict: the same disagreement found again is the same conflict. */
    public String key() {
        return (internal ? "internal:" + claims.getFirst().source() + ":" : "") + subject + "#" + predicate;
    }
}
