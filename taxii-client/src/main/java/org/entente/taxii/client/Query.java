package org.entente.taxii.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * URL parameters of a TAXII request (section 3.5): {@code added_after}, {@code limit}, {@code next} and the
 * {@code match[...]} filters. Immutable; each {@code with...} returns a copy. A filter with several values
 * is sent comma-separated ("OR"), as the specification says.
 */
public record Query(String addedAfter, Integer limit, String next, List<String> ids, List<String> types,
                    List<String> versions, List<String> specVersions) {

    /** No parameters: the server's defaults (for objects, only the latest version of each). */
    public static final Query ALL = new Query(null, null, null, List.of(), List.of(), List.of(), List.of());

    public Query {
        ids = List.copyOf(ids);
        types = List.copyOf(types);
        versions = List.copyOf(versions);
        specVersions = List.copyOf(specVersions);
    }

    public Query addedAfter(String timestamp) {
        return new Query(timestamp, limit, next, ids, types, versions, specVersions);
    }

    public Query limit(Integer n) {
        return new Query(addedAfter, n, next, ids, types, versions, specVersions);
    }

    public Query next(String token) {
        return new Query(addedAfter, limit, token, ids, types, versions, specVersions);
    }

    /** {@code match[id]}. */
    public Query ids(String... values) {
        return new Query(addedAfter, limit, next, List.of(values), types, versions, specVersions);
    }

    /** {@code match[type]}. */
    public Query types(String... values) {
        return new Query(addedAfter, limit, next, ids, List.of(values), versions, specVersions);
    }

    /** {@code match[version]}: {@code last} (the server default), {@code first}, {@code all} or timestamps. */
    public Query versions(String... values) {
        return new Query(addedAfter, limit, next, ids, types, List.of(values), specVersions);
    }

    /** {@code match[spec_version]}. */
    public Query specVersions(String... values) {
        return new Query(addedAfter, limit, next, ids, types, versions, List.of(values));
    }

    /** The query string, without {@code ?}; empty when there are no parameters. */
    String toQueryString() {
        List<String> parts = new ArrayList<>();
        add(parts, "added_after", addedAfter);
        add(parts, "limit", limit == null ? null : limit.toString());
        add(parts, "next", next);
        add(parts, "match[id]", ids);
        add(parts, "match[type]", types);
        add(parts, "match[version]", versions);
        add(parts, "match[spec_version]", specVersions);
        return String.join("&", parts);
    }

    private static void add(List<String> parts, String name, List<String> values) {
        if (!values.isEmpty()) {
            add(parts, name, String.join(",", values));
        }
    }

    private static void add(List<String> parts, String name, String value) {
        if (value != null) {
            parts.add(encode(name) + "=" + encode(value).replace("%2C", ","));
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
