package org.entente.osint.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The curated name lists (module resources): the 193 UN member states with other names, demonyms and
 * adjectives; major international organisations with acronyms; a modest list of places. Each written form is
 * a token sequence pointing at one canonical {@link Entity}; lookups take the longest form starting at a token.
 * Immutable once loaded, so one instance serves every thread.
 */
public final class Gazetteer {

    /** One written form of an entity, and whether it is an adjective or demonym ("Chinese") rather than a name. */
    record Form(List<String> tokens, Entity entity, boolean adjective) {
    }

    private final Map<String, List<Form>> byFirstToken = new HashMap<>();
    private final Map<String, Entity> byKey = new LinkedHashMap<>();
    private final Map<String, String> regions = new HashMap<>();

    private static final Gazetteer DEFAULT = load();

    public static Gazetteer standard() {
        return DEFAULT;
    }

    private static Gazetteer load() {
        Gazetteer g = new Gazetteer();
        for (String[] row : rows("countries.tsv", 4)) {
            Entity country = new Entity(Entity.Kind.COUNTRY, "country:" + row[0], row[1], Optional.of(row[0]), Optional.empty());
            g.add(row[1], country, false);
            split(row[2]).forEach(f -> g.add(f, country, false));
            split(row[3]).forEach(f -> g.add(f, country, true));
        }
        for (String[] row : rows("organisations.tsv", 3)) {
            Entity org = new Entity(Entity.Kind.ORGANISATION, "organisation:" + row[0], row[1], Optional.empty(), Optional.empty());
            g.add(row[0], org, false);
            g.add(row[1], org, false);
            split(row[2]).forEach(f -> g.add(f, org, false));
        }
        for (String[] row : rows("places.tsv", 4)) {
            Entity place = new Entity(Entity.Kind.PLACE, "place:" + Tokens.fold(row[0]), row[0],
                    row[1].isEmpty() ? Optional.empty() : Optional.of(row[1]), Optional.empty());
            g.add(row[0], place, false);
            if (!row[2].isEmpty()) {
                g.regions.put(place.key(), row[2]);
            }
            split(row[3]).forEach(f -> g.add(f, place, false));
        }
        g.byFirstToken.values().forEach(l -> l.sort(Comparator.comparingInt((Form f) -> f.tokens().size()).reversed()));
        return g;
    }

    private void add(String written, Entity entity, boolean adjective) {
        List<String> tokens = Tokens.of(written).stream().map(Tokens.Token::text).toList();
        if (tokens.isEmpty()) {
            return;
        }
        byKey.putIfAbsent(entity.key(), entity);
        Form form = new Form(tokens, entity, adjective);
        byFirstToken.computeIfAbsent(tokens.getFirst(), k -> new ArrayList<>()).add(form);
        // "The Hague" is "the Hague" inside a sentence.
        if (tokens.getFirst().equals("The")) {
            List<String> lower = new ArrayList<>(tokens);
            lower.set(0, "the");
            byFirstToken.computeIfAbsent("the", k -> new ArrayList<>()).add(new Form(List.copyOf(lower), entity, adjective));
        }
    }

    /** The longest form that starts at {@code tokens[i]}, if any. */
    Optional<Form> longestAt(List<Tokens.Token> tokens, int i) {
        List<Form> candidates = byFirstToken.get(tokens.get(i).text());
        if (candidates == null) {
            return Optional.empty();
        }
        for (Form f : candidates) {
            if (i + f.tokens().size() > tokens.size()) {
                continue;
            }
            boolean all = true;
            for (int k = 1; k < f.tokens().size() && all; k++) {
                all = tokens.get(i + k).text().equals(f.tokens().get(k));
            }
            if (all) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public Optional<Entity> byKey(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** The STIX region (region-ov) of a place that has no country, e.g. {@code central-asia} for Central Asia. */
    public Optional<String> region(String key) {
        return Optional.ofNullable(regions.get(key));
    }

    /** The country with this ISO 3166-1 alpha-2 code. */
    public Optional<Entity> country(String iso2) {
        return byKey("country:" + iso2);
    }

    public Collection<Entity> entities() {
        return java.util.Collections.unmodifiableCollection(byKey.values());
    }

    private static List<String> split(String cell) {
        return cell.isBlank() ? List.of() : List.of(cell.split(";"));
    }

    private static List<String[]> rows(String resource, int columns) {
        try (InputStream in = Gazetteer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("gazetteer resource missing: " + resource);
            }
            List<String[]> out = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (cells.length != columns) {
                    throw new IllegalStateException(resource + ": expected " + columns + " columns in '" + line + "'");
                }
                out.add(cells);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
