package org.entente.osint.extract;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * What an open-source page says once the page furniture is gone: its main text and the metadata a reader
 * would cite. Absent metadata is {@link Optional#empty()}, never an empty string or a guess.
 *
 * @param title     the article's headline
 * @param author    the byline as printed (may name several people)
 * @param published when the article was first published, with the offset the page gave (UTC when none)
 * @param language  BCP 47 language tag, e.g. {@code en}
 * @param text      the main text; paragraphs, list items and table rows separated by blank lines
 */
public record ExtractedArticle(
        Optional<String> title,
        Optional<String> author,
        Optional<OffsetDateTime> published,
        Optional<String> language,
        String text) {

    public ExtractedArticle {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(published, "published");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(text, "text");
    }
}
