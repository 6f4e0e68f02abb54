package org.entente.osint.analysis;

import java.util.Objects;
import java.util.Optional;

/**
 * Something an article names, canonicalised so that every article naming it yields the same {@link #key}:
 * "Russian", "Russia's" and "Russian Federation" are all {@code country:RU}; "Andrei Belousov" and
 * "Andrey Belousov" are both {@code person:andrey belousov}.
 *
 * @param kind    what it is
 * @param key     the canonical key: kind, then the ISO code, the organisation's acronym, or the folded name
 * @param name    how to display it (the gazetteer's canonical name, or a person's name as first printed)
 * @param country ISO 3166-1 alpha-2 code: a country's own, a place's, a person's as the article gives it
 * @param role    a person's role as the article gives it, canonical ("defence minister")
 */
public record Entity(Kind kind, String key, String name, Optional<String> country, Optional<String> role) {

    public enum Kind {
        COUNTRY, ORGANISATION, PERSON, PLACE;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Entity {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(role, "role");
    }

    /** The same entity with what {@code other} knows and this one does not (a role, a country). */
    public Entity mergedWith(Entity other) {
        if (!other.key.equals(key)) {
            throw new IllegalArgumentException("cannot merge " + key + " with " + other.key);
        }
        return new Entity(kind, key, name, country.or(other::country), role.or(other::role));
    }
}
